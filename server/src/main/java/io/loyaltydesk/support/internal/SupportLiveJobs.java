package io.loyaltydesk.support.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Background work of the provider channels: replies whose first attempt failed are retried from here. */
@Configuration(proxyBeanMethods = false)
class SupportLiveJobs {

    private static final Logger log = LoggerFactory.getLogger(SupportLiveJobs.class);

    @Bean
    RecurringTask<Void> supportProviderReplies(ProviderReplies replies) {
        return Tasks.recurring("support-provider-replies", FixedDelay.ofSeconds(30))
                .execute((instance, context) -> {
                    int tried = replies.deliverDue();
                    if (tried > 0) {
                        log.info("Tried {} provider replies", tried);
                    }
                });
    }
}
