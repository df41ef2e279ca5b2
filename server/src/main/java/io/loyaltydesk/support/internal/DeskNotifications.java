package io.loyaltydesk.support.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** What an agent is told in the desk: someone @mentioned them in a note, or a conversation breached its SLA. */
@Component
public class DeskNotifications {

    public enum Kind { MENTION, ESCALATION }

    public record Notification(long id, String recipient, Kind kind, long conversationId, String text, Instant readAt,
            Instant createdAt) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    DeskNotifications(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public void notify(String recipient, Kind kind, long conversationId, String text) {
        jdbc.sql("""
                insert into support_notifications (recipient, kind, conversation_id, text, created_at)
                values (:recipient, :kind, :conversation, :text, :now)
                """).param("recipient", recipient).param("kind", kind.name()).param("conversation", conversationId)
                .param("text", text).param("now", Timestamp.from(clock.instant())).update();
    }

    /** Newest first. */
    @Transactional(readOnly = true)
    public List<Notification> of(String recipient, Kind kind, int limit) {
        return jdbc.sql("""
                select * from support_notifications where recipient = :recipient and (:kind::text is null or kind = :kind)
                 order by id desc limit :limit
                """).param("recipient", recipient).param("kind", kind == null ? null : kind.name())
                .param("limit", limit).query((rs, n) -> {
                    var read = rs.getTimestamp("read_at");
                    return new Notification(rs.getLong("id"), rs.getString("recipient"), Kind.valueOf(rs.getString("kind")),
                            rs.getLong("conversation_id"), rs.getString("text"), read == null ? null : read.toInstant(),
                            rs.getTimestamp("created_at").toInstant());
                }).list();
    }

    @Transactional(readOnly = true)
    public long unread(String recipient) {
        return jdbc.sql("select count(*) from support_notifications where recipient = :recipient and read_at is null")
                .param("recipient", recipient).query(Long.class).single();
    }

    /** Marks all of the recipient's notifications read; nobody marks another's. */
    @Transactional
    public int markAllRead(String recipient) {
        return jdbc.sql("update support_notifications set read_at = :now where recipient = :recipient and read_at is null")
                .param("now", Timestamp.from(clock.instant())).param("recipient", recipient).update();
    }
}
