package io.loyaltydesk.support;

import io.loyaltydesk.platform.CommandRefusedException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Conversations as the member sees them in the portal ("My tickets"): only their own, and only the words meant for
 * them — their messages, the agents' replies and automated messages to them (a survey invitation), never internal notes or the desk's system lines. Someone else's
 * conversation is "not found", as if it did not exist.
 */
@Service
public class MemberConversations {

    /** What the member may read of a thread. */
    private static final Set<Message.Kind> FOR_THE_MEMBER = Set.of(Message.Kind.FROM_MEMBER, Message.Kind.FROM_AGENT,
            Message.Kind.AUTOMATED, Message.Kind.FROM_ASSISTANT);

    private final Conversations conversations;

    MemberConversations(Conversations conversations) {
        this.conversations = conversations;
    }

    /** The member's conversations, newest first; merged ones live on in another and are left out (ADR 0020). */
    @Transactional(readOnly = true)
    public List<Conversation> of(long memberId, int limit) {
        return conversations.ofMember(memberId, limit).stream()
                .filter(c -> c.status() != Conversation.Status.MERGED).toList();
    }

    /** The conversation one of the member's merged conversations lives on in; empty for any other. */
    @Transactional(readOnly = true)
    public Optional<Long> mergedInto(long memberId, long conversationId) {
        get(memberId, conversationId);
        return conversations.mergedInto(conversationId);
    }

    /** One of the member's conversations. */
    @Transactional(readOnly = true)
    public Conversation get(long memberId, long conversationId) {
        return conversations.find(conversationId).filter(c -> Long.valueOf(memberId).equals(c.memberId()))
                .orElseThrow(() -> new CommandRefusedException.NotFound("Conversation", conversationId));
    }

    /** The thread of one of the member's conversations, without notes and system lines, oldest first. */
    @Transactional(readOnly = true)
    public List<Message> thread(long memberId, long conversationId) {
        get(memberId, conversationId);
        return conversations.messages(conversationId).stream().filter(m -> FOR_THE_MEMBER.contains(m.kind()))
                .toList();
    }

    /** A new conversation from the member's contact form, linked to the member. */
    @Transactional
    public Conversation contact(long memberId, String subject, String message) {
        return conversations.openForMember(memberId, Conversation.Channel.WEB_FORM, subject, message);
    }

    /** The member answers in one of their conversations; a pending or solved one opens again. */
    @Transactional
    public Message reply(long memberId, long conversationId, String body) {
        get(memberId, conversationId);
        return conversations.memberWrote(conversationId, body);
    }
}
