package io.loyaltydesk.platform;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.IncompleteEventPublications;

/**
 * Delivers again the module events whose listener failed (a follow-up of a purchase, a message to send, ...),
 * without waiting for a restart: every {@code loyaltydesk.events.redeliver-every} (5 min) the events still
 * incomplete after {@code loyaltydesk.events.redeliver-after} (10 min) go to their listeners again, once in the
 * cluster (a db-scheduler job). Listeners are idempotent, so an event that was merely slow is safe to redeliver.
 */
@Configuration(proxyBeanMethods = false)
class EventRedelivery {

    private static final Logger log = LoggerFactory.getLogger(EventRedelivery.class);

    @Bean
    RecurringTask<Void> eventsRedeliverIncomplete(IncompleteEventPublications incomplete,
            @Value("${loyaltydesk.events.redeliver-every:PT5M}") Duration every,
            @Value("${loyaltydesk.events.redeliver-after:PT10M}") Duration after) {
        return Tasks.recurring("events-redeliver-incomplete", FixedDelay.of(every))
                .execute((instance, context) -> {
                    log.debug("Redelivering events incomplete for more than {}", after);
                    incomplete.resubmitIncompletePublicationsOlderThan(after);
                });
    }
}
