package io.loyaltydesk.support.internal;

import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** SOLVED conversations nobody reopened for {@code loyaltydesk.support.auto-close-days} become CLOSED. */
@Component
public class AutoClose {

    private final JdbcClient jdbc;
    private final Conversations conversations;
    private final Clock clock;
    private final int days;

    AutoClose(JdbcClient jdbc, Conversations conversations, Clock clock,
            @Value("${loyaltydesk.support.auto-close-days:4}") int days) {
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.clock = clock;
        this.days = days;
    }

    @Transactional
    public int closeDue(int max) {
        var ids = jdbc.sql("""
                select id from conversations where status = 'SOLVED' and solved_at <= :before
                 order by solved_at limit :max for update skip locked
                """).param("before", Timestamp.from(clock.instant().minus(Duration.ofDays(days))))
                .param("max", max).query(Long.class).list();
        Actor.callAs(Actor.system("auto-close"), () -> {
            ids.forEach(id -> conversations.changeStatus(id, Conversation.Status.CLOSED));
            return null;
        });
        return ids.size();
    }
}
