package io.loyaltydesk.support.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
}
