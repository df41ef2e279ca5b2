package io.loyaltydesk.platform;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.IncompleteEventPublications;

/**
 * Delivers again the module events whose listener failed (a follow-up of a purchase, a message to send, ...),
 * without waiting for a restart: every {@code loyaltydesk.events.redeliver-every} (5 min) the events whose
 * listener failed and that were published more than {@code loyaltydesk.events.redeliver-after} (10 min) ago go to
 * their listeners again, once in the cluster (a db-scheduler job). Only failed ones: an event still waiting in a
 * busy node's queue is not delivered a second time (listeners are idempotent, but a backlog would grow). Events
 * in flight on a node that stopped are delivered again when a node starts.
 */
@Configuration(proxyBeanMethods = false)
class EventRedelivery {

    private static final Logger log = LoggerFactory.getLogger(EventRedelivery.class);

    @Bean
    RecurringTask<Void> eventsRedeliverIncomplete(IncompleteEventPublications incomplete, Clock clock,
            @Value("${loyaltydesk.events.redeliver-every:PT5M}") Duration every,
            @Value("${loyaltydesk.events.redeliver-after:PT10M}") Duration after) {
        return Tasks.recurring("events-redeliver-incomplete", FixedDelay.of(every))
                .execute((instance, context) -> redeliverFailed(incomplete, clock, after));
    }

    /** Hands the events whose listener failed, published more than {@code after} ago, to their listeners again. */
    static void redeliverFailed(IncompleteEventPublications incomplete, Clock clock, Duration after) {
        var before = clock.instant().minus(after);
        log.debug("Redelivering events whose listener failed, published before {}", before);
        incomplete.resubmitIncompletePublications(publication -> publication.getStatus() == EventPublication.Status.FAILED
                && publication.getPublicationDate().isBefore(before));
    }
}
