package io.loyaltydesk.support.internal;

import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.ConversationChanged;
import io.loyaltydesk.support.Message;
import io.loyaltydesk.support.MessageAdded;
import java.util.Objects;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code conversations.search_doc}, the full-text document (GIN-indexed) the desk searches: subject, contact,
 * the linked member's number and name, and every message but system lines. The 'simple' configuration (no
 * stemming) fits English and German alike and keeps numbers and email addresses whole.
 */
@Component
class ConversationSearchIndex {

    private final JdbcClient jdbc;
    private final Members members;

    ConversationSearchIndex(JdbcClient jdbc, Members members) {
        this.jdbc = jdbc;
        this.members = members;
    }

    void opened(Conversation conversation) {
        append(conversation.id(), String.join(" ", conversation.subject(),
                Objects.toString(conversation.contactEmail(), ""), Objects.toString(conversation.contactPhone(), ""),
                member(conversation.memberId())));
    }

    @EventListener
    void on(MessageAdded added) {
        if (added.message().kind() != Message.Kind.SYSTEM) {
            append(added.conversation().id(), added.message().body());
        }
    }

    @EventListener
    void on(ConversationChanged changed) {
        var member = changed.after().memberId();
        if (member != null && !member.equals(changed.before().memberId())) {
            append(changed.after().id(), member(member));
        }
    }

    private String member(Long memberId) {
        return memberId == null ? "" : members.find(new MemberId(memberId))
                .map(m -> m.memberNumber() + " " + m.displayName()).orElse("");
    }

    private void append(long conversationId, String text) {
        jdbc.sql("""
                update conversations set search_doc = coalesce(search_doc, ''::tsvector) || to_tsvector('simple', :text)
                 where id = :id
                """).param("text", text).param("id", conversationId).update();
    }
}
