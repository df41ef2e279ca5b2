package io.loyaltydesk.support.internal;

import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.ConversationChanged;
import io.loyaltydesk.support.Message;
import io.loyaltydesk.support.MessageAdded;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Per-conversation figures for reporting, written as the conversation moves: seconds to the first agent reply,
 * agent replies, reopens, seconds from opening to (the last) solve, and whether it was resolved on first contact
 * (solved after exactly one agent reply and never reopened).
 */
@Component
public class ConversationMetrics {

    public record Metrics(long conversationId, Long firstResponseSeconds, int replies, int reopens,
            Long handlingSeconds, Boolean resolvedOnFirstContact) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    ConversationMetrics(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public void start(Conversation conversation) {
        jdbc.sql("""
                insert into conversation_metrics (conversation_id, member_id, created_at, updated_at)
                values (:id, :member, :now, :now) on conflict do nothing
                """).param("id", conversation.id()).param("member", conversation.memberId())
                .param("now", Timestamp.from(clock.instant())).update();
    }

    @Transactional(readOnly = true)
    public Optional<Metrics> of(long conversationId) {
        return jdbc.sql("select * from conversation_metrics where conversation_id = :id").param("id", conversationId)
                .query((rs, n) -> new Metrics(conversationId, (Long) rs.getObject("first_response_seconds"),
                        rs.getInt("replies"), rs.getInt("reopens"), (Long) rs.getObject("handling_seconds"),
                        (Boolean) rs.getObject("resolved_on_first_contact"))).optional();
    }

    @EventListener
    void on(MessageAdded added) {
        if (added.message().kind() != Message.Kind.FROM_AGENT) {
            return;
        }
        var conversation = added.conversation();
        start(conversation);
        jdbc.sql("""
                update conversation_metrics
                   set replies = replies + 1,
                       first_response_seconds = coalesce(first_response_seconds, :seconds),
                       updated_at = :now
                 where conversation_id = :id
                """).param("seconds", seconds(conversation.createdAt(), added.message().createdAt()))
                .param("now", Timestamp.from(clock.instant())).param("id", conversation.id()).update();
    }

    @EventListener
    void on(ConversationChanged changed) {
        var before = changed.before();
        var after = changed.after();
        if (before.status() == after.status()) {
            if (before.memberId() == null && after.memberId() != null) {
                jdbc.sql("update conversation_metrics set member_id = :member where conversation_id = :id")
                        .param("member", after.memberId()).param("id", after.id()).update();
            }
            return;
        }
        start(after);
        var now = Timestamp.from(clock.instant());
        if (after.status() == Conversation.Status.MERGED) {
            // merged away (ADR 0020): neither resolved nor handled here, so it counts in no resolution metric
            jdbc.sql("""
                    update conversation_metrics
                       set handling_seconds = null, resolved_on_first_contact = null, updated_at = :now
                     where conversation_id = :id
                    """).param("now", now).param("id", after.id()).update();
        } else if (after.status() == Conversation.Status.SOLVED && before.status().active()) {
            jdbc.sql("""
                    update conversation_metrics
                       set handling_seconds = :seconds, resolved_on_first_contact = (replies = 1 and reopens = 0),
                           updated_at = :now
                     where conversation_id = :id
                    """).param("seconds", seconds(after.createdAt(), after.solvedAt() != null ? after.solvedAt()
                            : clock.instant())).param("now", now).param("id", after.id()).update();
        } else if (!before.status().active() && after.status().active()) {
            jdbc.sql("""
                    update conversation_metrics
                       set reopens = reopens + 1, resolved_on_first_contact = false, updated_at = :now
                     where conversation_id = :id
                    """).param("now", now).param("id", after.id()).update();
        }
    }

    private static long seconds(Instant from, Instant to) {
        return Math.max(0, to.getEpochSecond() - from.getEpochSecond());
    }
}
