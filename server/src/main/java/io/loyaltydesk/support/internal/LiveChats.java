package io.loyaltydesk.support.internal;

import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.ConversationChanged;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.MemberChat;
import io.loyaltydesk.support.Message;
import io.loyaltydesk.support.NewConversation;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live chats of members (portal) and visitors (widget) on top of {@link Conversations}: a chat is a CHAT
 * conversation registered in {@code support_chats}. When a member or visitor writes while no agent is online, the
 * chat becomes an email-answered ticket once: its channel turns to EMAIL (so replies go out by email to the
 * contact), a note tells the agents, and the conversation stays open in the queue.
 */
@Service
class LiveChats implements MemberChat {

    private static final int SUBJECT_TEXT_MAX = 60;

    private final Conversations conversations;
    private final Members members;
    private final ChatStore chats;
    private final LiveHub hub;
    private final LiveNotifier notifier;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    LiveChats(Conversations conversations, Members members, ChatStore chats, LiveHub hub, LiveNotifier notifier,
            JdbcClient jdbc, AuditTrail audit, ApplicationEventPublisher events, Clock clock) {
        this.conversations = conversations;
        this.members = members;
        this.chats = chats;
        this.hub = hub;
        this.notifier = notifier;
        this.jdbc = jdbc;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    // ---- members

    @Override
    @Transactional(readOnly = true)
    public ChatThread thread(long memberId) {
        return chats.activeChatOf(memberId).map(this::thread)
                .orElseGet(() -> new ChatThread(null, java.util.List.of(), 0, hub.agentsOnline(), false,
                        members.get(new MemberId(memberId)).email().orElse(null)));
    }

    @Override
    @Transactional
    public ChatThread send(long memberId, String body) {
        var member = members.get(new MemberId(memberId));
        var existing = chats.activeChatOf(memberId);
        Conversation conversation;
        if (existing.isPresent()) {
            conversations.memberWrote(existing.get().id(), body);
            conversation = conversations.get(existing.get().id());
        } else {
            var email = member.email().orElse(null);
            var phone = email == null ? member.phone().orElse(null) : null;
            if (email == null && phone == null) {
                throw new CommandRefusedException.RuleViolated("no-contact",
                        "Add an email address to your account to chat with us");
            }
            conversation = conversations.open(new NewConversation(Conversation.Channel.CHAT, subject(body), email,
                    phone, body));
            chats.registerChat(conversation.id(), null);
            if (!Long.valueOf(memberId).equals(conversation.memberId())) {
                long id = conversation.id();
                conversation = Actor.callAs(Actor.system("chat"),
                        () -> conversations.linkMember(id, member.memberNumber()));
            }
        }
        offlineIfNoAgent(conversation);
        return thread(conversations.get(conversation.id()));
    }

    @Override
    public void typing(long memberId) {
        chats.activeChatOf(memberId).ifPresent(c -> notifier.notify(new LiveEvent(LiveEvent.Type.TYPING, c.id(),
                memberId, null, null, true, LiveEvent.MEMBER, members.find(new MemberId(memberId))
                        .map(Member::displayName).orElse(""))));
    }

    @Override
    @Transactional
    public void read(long memberId, long messageId) {
        chats.activeChatOf(memberId).ifPresent(c -> read(c, LiveEvent.MEMBER, messageId));
    }

    @Override
    public SseEmitter live(long memberId, long lastEventId) {
        var chat = chats.activeChatOf(memberId).map(Conversation::id).orElse(null);
        return hub.openMember(memberId, chat, lastEventId);
    }

    // ---- visitors (the widget)

    /** A visitor starts a chat: name, email and first message; the conversation is matched to a member by email. */
    @Transactional
    Conversation startVisitor(String name, String email, String body) {
        var visitor = name == null ? "" : name.strip();
        if (visitor.isEmpty() || visitor.length() > 100) {
            throw new CommandRefusedException.InvalidInput("name", "is required, at most 100 characters");
        }
        var opened = conversations.open(new NewConversation(Conversation.Channel.CHAT, "Chat with " + visitor,
                email, null, body));
        chats.registerChat(opened.id(), visitor);
        offlineIfNoAgent(opened);
        return conversations.get(opened.id());
    }

    @Transactional
    ChatThread visitorSend(long conversationId, String body) {
        conversations.memberWrote(conversationId, body);
        var conversation = conversations.get(conversationId);
        offlineIfNoAgent(conversation);
        return thread(conversations.get(conversationId));
    }

    @Transactional(readOnly = true)
    ChatThread visitorThread(long conversationId) {
        return thread(conversations.get(conversationId));
    }

    void visitorTyping(long conversationId) {
        notifier.notify(new LiveEvent(LiveEvent.Type.TYPING, conversationId, null, null, null, true,
                LiveEvent.MEMBER, ""));
    }

    @Transactional
    void visitorRead(long conversationId, long messageId) {
        read(conversations.get(conversationId), LiveEvent.MEMBER, messageId);
    }

    // ---- agents

    /** An agent has seen the thread up to this message; the member's chat shows it. */
    @Transactional
    long agentRead(long conversationId, long messageId) {
        var conversation = conversations.get(conversationId);
        if (chats.isChat(conversationId)) {
            read(conversation, LiveEvent.AGENT, messageId);
        }
        return chats.readUpTo(conversationId, LiveEvent.MEMBER);
    }

    void agentTyping(long conversationId, String agent) {
        var conversation = conversations.get(conversationId);
        if (chats.isChat(conversationId)) {
            notifier.notify(new LiveEvent(LiveEvent.Type.TYPING, conversationId, conversation.memberId(), null,
                    null, true, LiveEvent.AGENT, agent));
        }
    }

    // ---- internals

    private void read(Conversation conversation, String side, long messageId) {
        var message = chats.message(messageId).filter(m -> m.conversationId() == conversation.id())
                .orElseThrow(() -> new CommandRefusedException.InvalidInput("messageId",
                        "is not a message of this conversation"));
        if (chats.markRead(conversation.id(), side, message.id())) {
            notifier.notify(new LiveEvent(LiveEvent.Type.READ, conversation.id(), conversation.memberId(),
                    message.id(), null, true, side, null));
        }
    }

    private ChatThread thread(Conversation conversation) {
        return new ChatThread(conversation, chats.visibleAfter(conversation.id(), 0),
                chats.readUpTo(conversation.id(), LiveEvent.AGENT), hub.agentsOnline(),
                chats.offline(conversation.id()), conversation.contactEmail());
    }

    /**
     * Nobody to answer now: the chat becomes an email-answered ticket (once). Without an email address to answer to
     * (a member known only by phone) it stays a chat, still waiting in the queue.
     */
    private void offlineIfNoAgent(Conversation conversation) {
        if (hub.agentsOnline() > 0 || conversation.contactEmail() == null
                || !chats.markOffline(conversation.id())) {
            return;
        }
        var before = conversations.get(conversation.id());
        if (before.channel() == Conversation.Channel.CHAT) {
            jdbc.sql("update conversations set channel = 'EMAIL', updated_at = :now where id = :id")
                    .param("now", Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS)))
                    .param("id", before.id()).update();
        }
        var after = conversations.get(before.id());
        Actor.callAs(Actor.system("chat"), () -> {
            conversations.note(before.id(), "No agent was online when this chat came in: it is now answered by "
                    + "email to " + before.contactEmail() + ".");
            audit.record("conversation.chat-offline", "conversation", before.id(), before, after, null);
            return null;
        });
        events.publishEvent(new ConversationChanged(before, after));
    }

    private static String subject(String body) {
        var text = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return "Chat: " + (text.length() > SUBJECT_TEXT_MAX ? text.substring(0, SUBJECT_TEXT_MAX) + "…" : text);
    }

}
