package io.loyaltydesk.support.internal;

import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.ConversationChanged;
import io.loyaltydesk.support.ConversationOpened;
import io.loyaltydesk.support.MessageAdded;
import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the support events into PostgreSQL notifications for every node's {@link LiveHub}. The events are
 * published inside the command's transaction and NOTIFY is transactional: PostgreSQL delivers the notification
 * only when that transaction commits, and never when it rolls back, so no stream shows a message that was not
 * saved, and a node dying right after the commit loses nothing that was promised.
 */
@Component
class LiveNotifier {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final LiveProperties properties;
    private final Clock clock;

    LiveNotifier(JdbcClient jdbc, JsonMapper json, LiveProperties properties, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
    }

    @EventListener
    void on(ConversationOpened event) {
        var c = event.conversation();
        notify(desk(LiveEvent.Type.OPENED, c, c, null, null, false));
    }

    @EventListener
    void on(ConversationChanged event) {
        notify(desk(LiveEvent.Type.CHANGED, event.before(), event.after(), null, null, breached(event.after())));
    }

    @EventListener
    void on(MessageAdded event) {
        var c = event.conversation();
        var m = event.message();
        notify(desk(LiveEvent.Type.MESSAGE, c, c, m.id(), m.kind().name(), breached(c)));
    }

    /** A desk event with where the conversation was and is, for the desks' scopes (see {@link DeskScope}). */
    private static LiveEvent desk(LiveEvent.Type type, Conversation before, Conversation after, Long messageId,
            String kind, boolean breached) {
        return new LiveEvent(type, after.id(), after.memberId(), messageId, kind, false, null, null, after.teamId(),
                before.teamId(), after.assignee(), before.assignee(), after.status().name(), before.status().name(),
                breached);
    }

    private boolean breached(Conversation conversation) {
        return jdbc.sql("select coalesce(sla_due_at <= :now, false) from conversations where id = :id")
                .param("now", Timestamp.from(clock.instant())).param("id", conversation.id()).query(Boolean.class)
                .optional().orElse(false);
    }

    /** Typing and read marks: not part of any command, sent at once (autocommit). */
    void notify(LiveEvent event) {
        jdbc.sql("select pg_notify(:channel, :payload)").param("channel", properties.channel())
                .param("payload", json.writeValueAsString(event)).query((rs, row) -> 1).list();
    }
}
