package io.loyaltydesk.messaging.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.loyaltydesk.messaging.Messaging;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Delivers the outbox every few seconds, a batch at a time, until nothing is due. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MessagingProperties.class)
class MessagingJobs {

    static final int BATCHES_PER_RUN_MAX = 100;

    @Bean
    RecurringTask<Void> messagingDeliverOutbox(Messaging messaging, MessagingProperties properties) {
        return Tasks.recurring("messaging-deliver-outbox", FixedDelay.ofSeconds(10))
                .execute((instance, context) -> {
                    for (int batch = 0; batch < BATCHES_PER_RUN_MAX; batch++) {
                        if (messaging.deliverDue(properties.outbox().batchSize()) < properties.outbox().batchSize()) {
                            break;
                        }
                    }
                });
    }
}
