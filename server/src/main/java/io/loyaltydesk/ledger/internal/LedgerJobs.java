package io.loyaltydesk.ledger.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.loyaltydesk.ledger.PointsLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ledger's background work. Each run works through what is due in batches of members, each batch its
 * own transaction, so millions of lots expire without one long lock; running twice changes nothing more.
 */
@Configuration(proxyBeanMethods = false)
class LedgerJobs {

    private static final Logger log = LoggerFactory.getLogger(LedgerJobs.class);
    static final int MEMBERS_PER_BATCH = 500;
    static final int BATCHES_PER_RUN_MAX = 2_000;

    @Bean
    RecurringTask<Void> ledgerMaturePoints(PointsLedger ledger) {
        return Tasks.recurring("ledger-mature-points", FixedDelay.ofMinutes(1))
                .execute((instance, context) -> {
                    long lots = 0;
                    for (int batch = 0; batch < BATCHES_PER_RUN_MAX; batch++) {
                        int done = ledger.matureDue(MEMBERS_PER_BATCH);
                        lots += done;
                        if (done == 0) {
                            break;
                        }
                    }
                    if (lots > 0) {
                        log.info("Points of {} lots became available", lots);
                    }
                });
    }

    @Bean
    RecurringTask<Void> ledgerExpirePoints(PointsLedger ledger) {
        return Tasks.recurring("ledger-expire-points", FixedDelay.ofMinutes(10))
                .execute((instance, context) -> {
                    long points = 0;
                    for (int batch = 0; batch < BATCHES_PER_RUN_MAX; batch++) {
                        long expired = ledger.expireDue(MEMBERS_PER_BATCH);
                        points += expired;
                        if (expired == 0) {
                            break;
                        }
                    }
                    if (points > 0) {
                        log.info("{} points expired", points);
                    }
                });
    }

    @Bean
    RecurringTask<Void> ledgerReservationTimeouts(PointsLedger ledger) {
        return Tasks.recurring("ledger-reservation-timeouts", FixedDelay.ofSeconds(30))
                .execute((instance, context) -> {
                    int released = ledger.expireReservations(MEMBERS_PER_BATCH);
                    if (released > 0) {
                        log.info("{} reservations timed out and were released", released);
                    }
                });
    }

    @Bean
    RecurringTask<Void> ledgerReconciliation(PointsLedger ledger) {
        return Tasks.recurring("ledger-reconciliation", FixedDelay.ofHours(6))
                .execute((instance, context) -> {
                    var result = ledger.reconcile();
                    if (result.balanced()) {
                        log.info("Ledger reconciled: {} accounts, {} transfers, balanced", result.accountsChecked(),
                                result.transfersChecked());
                    } else {
                        log.error("Ledger NOT balanced: {}", result.problems());
                    }
                });
    }
}
