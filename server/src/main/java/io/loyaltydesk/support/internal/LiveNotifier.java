package io.loyaltydesk.support.internal;

import io.loyaltydesk.support.ConversationChanged;
import io.loyaltydesk.support.ConversationOpened;
import io.loyaltydesk.support.MessageAdded;
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

    LiveNotifier(JdbcClient jdbc, JsonMapper json, LiveProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
    }

    @EventListener
    void on(ConversationOpened event) {
        var c = event.conversation();
        notify(new LiveEvent(LiveEvent.Type.OPENED, c.id(), c.memberId(), null, null, false, null, null));
    }

    @EventListener
    void on(ConversationChanged event) {
        var c = event.after();
        notify(new LiveEvent(LiveEvent.Type.CHANGED, c.id(), c.memberId(), null, null, false, null, null));
    }

    @EventListener
    void on(MessageAdded event) {
        var c = event.conversation();
        var m = event.message();
        notify(new LiveEvent(LiveEvent.Type.MESSAGE, c.id(), c.memberId(), m.id(), m.kind().name(), false,
                null, null));
    }

    /** Typing and read marks: not part of any command, sent at once (autocommit). */
    void notify(LiveEvent event) {
        jdbc.sql("select pg_notify(:channel, :payload)").param("channel", properties.channel())
                .param("payload", json.writeValueAsString(event)).query((rs, row) -> 1).list();
    }
}
