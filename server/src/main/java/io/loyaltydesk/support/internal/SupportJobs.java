package io.loyaltydesk.support.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The desk's background work: SLA escalations every minute, closing long-solved conversations every hour. */
@Configuration(proxyBeanMethods = false)
class SupportJobs {

    private static final Logger log = LoggerFactory.getLogger(SupportJobs.class);
    static final int BATCH = 200;
    static final int BATCHES_PER_RUN_MAX = 100;

    @Bean
    RecurringTask<Void> supportSlaEscalations(SlaEscalations escalations) {
        return Tasks.recurring("support-sla-escalations", FixedDelay.ofMinutes(1))
                .execute((instance, context) -> {
                    int total = 0;
                    for (int i = 0; i < BATCHES_PER_RUN_MAX; i++) {
                        int done = escalations.escalateDue(BATCH);
                        total += done;
                        if (done < BATCH) {
                            break;
                        }
                    }
                    if (total > 0) {
                        log.info("Escalated {} conversations past their SLA", total);
                    }
                });
    }

    @Bean
    RecurringTask<Void> supportAutoClose(AutoClose autoClose) {
        return Tasks.recurring("support-auto-close", FixedDelay.ofMinutes(60))
                .execute((instance, context) -> {
                    int total = 0;
                    for (int i = 0; i < BATCHES_PER_RUN_MAX; i++) {
                        int done = autoClose.closeDue(BATCH);
                        total += done;
                        if (done < BATCH) {
                            break;
                        }
                    }
                    if (total > 0) {
                        log.info("Closed {} conversations solved long ago", total);
                    }
                });
    }

    /** SOLVED conversations nobody reopened for {@code loyaltydesk.support.auto-close-days} become CLOSED. */
    @Component
    static class AutoClose {

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
}
