package io.loyaltydesk.purchases.internal;

import io.loyaltydesk.purchases.PurchaseBatchRecorded;
import io.loyaltydesk.purchases.PurchaseFollowUp;
import io.loyaltydesk.purchases.PurchaseRecorded;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Delivers recorded purchases to the other modules' {@link PurchaseFollowUp}s after the purchase committed: one
 * event publication and one transaction per purchase or per batch, however many modules follow up (it was one
 * of each per module and purchase: four publications, four transactions and eight status updates a purchase).
 * A batch whose follow-ups fail (a purchase that cannot be followed up, or a deadlock with a single purchase on the
 * program's shared accounts) is worked off again purchase by purchase, each in its own transaction, so one
 * purchase that cannot be followed up holds back only itself; the event then stays incomplete in the outbox and
 * is delivered again (the follow-ups are idempotent).
 */
@Component
class PurchaseFollowUps {

    private static final Logger log = LoggerFactory.getLogger(PurchaseFollowUps.class);
    private static final Comparator<PurchaseRecorded> BY_MEMBER = Comparator.comparingLong(PurchaseRecorded::memberId)
            .thenComparingLong(PurchaseRecorded::purchaseId);

    private final List<PurchaseFollowUp> followUps;
    private final TransactionOperations transactions;
    private final Runnable queueBatch;

    @Autowired
    PurchaseFollowUps(List<PurchaseFollowUp> followUps, PlatformTransactionManager transactionManager,
            PurchaseStore store) {
        this(followUps, new TransactionTemplate(transactionManager), store::queueFollowUps);
    }

    /** @param queueBatch waits for the follow-ups of other batches in the calling transaction */
    PurchaseFollowUps(List<PurchaseFollowUp> followUps, TransactionOperations transactions, Runnable queueBatch) {
        this.followUps = List.copyOf(followUps);
        this.transactions = transactions;
        this.queueBatch = queueBatch;
    }

    @Async
    @TransactionalEventListener
    void on(PurchaseRecorded purchase) {
        followUp(List.of(purchase));
    }

    @Async
    @TransactionalEventListener
    void on(PurchaseBatchRecorded batch) {
        followUp(batch.purchases());
    }

    void followUp(List<PurchaseRecorded> purchases) {
        var sorted = purchases.stream().sorted(BY_MEMBER).toList();
        try {
            transactions.executeWithoutResult(tx -> {
                if (sorted.size() > 1) {
                    // a follow-up that books points (a coupon, a badge, a referral) touches the program's shared
                    // accounts; with several members in one transaction that can deadlock with another batch's, so
                    // they queue (on their own queue, not the intake's: a deadlock with a single purchase or with
                    // an intake that locked one of these members falls back below)
                    queueBatch.run();
                }
                followUps.forEach(f -> sorted.forEach(f::purchaseRecorded));
            });
            return;
        } catch (RuntimeException e) {
            if (sorted.size() == 1) {
                throw e;
            }
            log.warn("Follow-ups of a batch of {} purchases failed ({}); following up one purchase at a time",
                    sorted.size(), e.toString());
        }
        RuntimeException first = null;
        int failed = 0;
        for (var purchase : sorted) {
            try {
                transactions.executeWithoutResult(tx -> followUps.forEach(f -> f.purchaseRecorded(purchase)));
            } catch (RuntimeException e) {
                failed++;
                first = first == null ? e : first;
                log.warn("Follow-ups of purchase {} failed: {}", purchase.purchaseId(), e.toString());
            }
        }
        if (first != null) {
            throw new IllegalStateException(failed + " of " + sorted.size()
                    + " purchases could not be followed up; the batch stays in the outbox", first);
        }
    }
}
