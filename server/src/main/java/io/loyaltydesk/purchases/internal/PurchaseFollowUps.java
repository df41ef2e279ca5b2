package io.loyaltydesk.purchases.internal;

import io.loyaltydesk.purchases.PurchaseBatchRecorded;
import io.loyaltydesk.purchases.PurchaseFollowUp;
import io.loyaltydesk.purchases.PurchaseRecorded;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
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
 * Single purchases recorded while the follow-ups of earlier ones run share the next transaction (group commit).
 * A batch reaches each follow-up as one list ({@link PurchaseFollowUp#purchasesRecorded}), which it works off in a
 * few statements for all purchases instead of a dozen per purchase.
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
    /** Single purchases whose follow-ups wait for the next group. */
    private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    /** Held by the call that works off a group; the others wait for it, then for their own result. */
    private final Lock leading = new ReentrantLock();

    /** At most this many single purchases share a follow-up transaction. */
    static final int GROUP_MAX = 200;

    private record Waiting(PurchaseRecorded purchase, CompletableFuture<Void> done) {
    }

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
        followUpTogether(purchase);
    }

    @Async
    @TransactionalEventListener
    void on(PurchaseBatchRecorded batch) {
        var failures = followUpAll(batch.purchases());
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " of " + batch.purchases().size()
                    + " purchases could not be followed up; the batch stays in the outbox",
                    failures.values().iterator().next());
        }
    }

    /**
     * Follows up a single purchase together with the single purchases recorded while an earlier group was being
     * worked off (group commit): when purchases come one at a time each is followed up at once, alone; under load
     * the ones that queued meanwhile share one transaction, so the follow-ups keep up with the intake. Returns when
     * this purchase's follow-ups committed, and throws if they failed, so that its event stays in the outbox.
     */
    void followUpTogether(PurchaseRecorded purchase) {
        var mine = new Waiting(purchase, new CompletableFuture<>());
        waiting.add(mine);
        leading.lock();
        try {
            while (!mine.done().isDone()) {
                var group = new ArrayList<Waiting>();
                for (Waiting next; group.size() < GROUP_MAX && (next = waiting.poll()) != null; ) {
                    group.add(next);
                }
                var failures = followUpAll(group.stream().map(Waiting::purchase).toList());
                for (var member : group) {
                    var failure = failures.get(member.purchase().purchaseId());
                    if (failure == null) {
                        member.done().complete(null);
                    } else {
                        member.done().completeExceptionally(failure);
                    }
                }
            }
        } finally {
            leading.unlock();
        }
        try {
            mine.done().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** How many single purchases wait for a group (for tests). */
    int waiting() {
        return waiting.size();
    }

    /**
     * Follows up the purchases in one transaction, or, when that fails, each in a transaction of its own; answers
     * the failures by purchase id (none: all committed). A single purchase that fails is not tried twice.
     */
    Map<Long, RuntimeException> followUpAll(List<PurchaseRecorded> purchases) {
        var sorted = purchases.stream().collect(java.util.stream.Collectors.toMap(PurchaseRecorded::purchaseId,
                p -> p, (a, b) -> a)).values().stream().sorted(BY_MEMBER).toList();
        try {
            transactions.executeWithoutResult(tx -> {
                if (sorted.size() > 1) {
                    // a follow-up that books points (a coupon, a badge, a referral) touches the program's shared
                    // accounts; with several members in one transaction that can deadlock with another group's, so
                    // they queue (on their own queue, not the intake's: a deadlock with a single purchase or with
                    // an intake that locked one of these members falls back below)
                    queueBatch.run();
                }
                if (sorted.size() > 1) {
                    // each follow-up takes the whole batch, in a few statements instead of a dozen per purchase
                    followUps.forEach(f -> f.purchasesRecorded(sorted));
                } else {
                    followUps.forEach(f -> f.purchaseRecorded(sorted.getFirst()));
                }
            });
            return Map.of();
        } catch (RuntimeException e) {
            if (sorted.size() == 1) {
                return Map.of(sorted.getFirst().purchaseId(), e);
            }
            log.warn("Follow-ups of {} purchases together failed ({}); following up one purchase at a time",
                    sorted.size(), e.toString());
        }
        var failures = new HashMap<Long, RuntimeException>();
        for (var purchase : sorted) {
            try {
                transactions.executeWithoutResult(tx -> followUps.forEach(f -> f.purchaseRecorded(purchase)));
            } catch (RuntimeException e) {
                failures.put(purchase.purchaseId(), e);
                log.warn("Follow-ups of purchase {} failed: {}", purchase.purchaseId(), e.toString());
            }
        }
        return failures;
    }
}
