package io.loyaltydesk.tiers.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.loyaltydesk.tiers.Tiers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The tier review: every hour, members whose period ended (plus grace) are reviewed in batches, each batch one
 * set-based statement in its own transaction; expired staff overrides end the same way.
 */
@Configuration(proxyBeanMethods = false)
class TierJobs {

    private static final Logger log = LoggerFactory.getLogger(TierJobs.class);
    static final int MEMBERS_PER_BATCH = 1_000;
    static final int BATCHES_PER_RUN_MAX = 5_000;

    @Bean
    RecurringTask<Void> tierReview(Tiers tiers) {
        return Tasks.recurring("tier-review", FixedDelay.ofHours(1))
                .execute((instance, context) -> {
                    long overrides = 0;
                    for (int batch = 0; batch < BATCHES_PER_RUN_MAX; batch++) {
                        int ended = tiers.endExpiredOverrides(MEMBERS_PER_BATCH);
                        overrides += ended;
                        if (ended == 0) {
                            break;
                        }
                    }
                    long reviewed = 0;
                    for (int batch = 0; batch < BATCHES_PER_RUN_MAX; batch++) {
                        int done = tiers.reviewDue(MEMBERS_PER_BATCH);
                        reviewed += done;
                        if (done == 0) {
                            break;
                        }
                    }
                    if (reviewed + overrides > 0) {
                        log.info("Tier review: {} members reviewed, {} overrides ended", reviewed, overrides);
                    }
                });
    }
}
