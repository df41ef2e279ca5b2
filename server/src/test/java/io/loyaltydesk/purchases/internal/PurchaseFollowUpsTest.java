package io.loyaltydesk.purchases.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loyaltydesk.purchases.PurchaseBatchRecorded;
import io.loyaltydesk.purchases.PurchaseFollowUp;
import io.loyaltydesk.purchases.PurchaseRecorded;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionOperations;

/**
 * How purchases reach the follow-ups: all of a batch in one transaction, sorted by member (so concurrent batches
 * lock members in the same order); a batch that fails is worked off one purchase per transaction, and the event
 * stays in the outbox while any purchase fails. Transactions are counted here; the follow-ups' real work and the
 * outbox are covered by the integration tests (PurchaseStatementsTest, the tier, coupon and challenge tests).
 */
class PurchaseFollowUpsTest {

    /** Runs each callback as a "transaction" and notes which purchases each one committed. */
    static final class Transactions implements TransactionOperations {
        final List<List<Long>> committed = new ArrayList<>();
        final List<List<Long>> started = new ArrayList<>();
        List<Long> current;

        @Override
        public <T> T execute(TransactionCallback<T> action) {
            current = new ArrayList<>();
            started.add(current);
            T result = action.doInTransaction(new SimpleTransactionStatus());
            committed.add(current);
            return result;
        }
    }

    record Noting(Transactions transactions, List<Long> seen, Consumer<PurchaseRecorded> also)
            implements PurchaseFollowUp {
        @Override
        public void purchaseRecorded(PurchaseRecorded purchase) {
            transactions.current.add(purchase.purchaseId());
            also.accept(purchase);
            seen.add(purchase.purchaseId());
        }
    }

    private static PurchaseRecorded purchase(long id, long member) {
        return new PurchaseRecorded(id, member, Instant.parse("2026-11-01T10:00:00Z"), new BigDecimal("10.00"), "EUR",
                "S1", 10);
    }

    @Test
    void aBatchIsFollowedUpInOneTransactionSortedByMember() {
        var transactions = new Transactions();
        var tiers = new ArrayList<Long>();
        var messages = new ArrayList<Long>();
        var followUps = new PurchaseFollowUps(List.of(new Noting(transactions, tiers, p -> { }),
                new Noting(transactions, messages, p -> { })), transactions, () -> transactions.current.add(-1L));

        assertThat(followUps.followUpAll(List.of(purchase(1, 30), purchase(2, 10), purchase(3, 20), purchase(4, 10))))
                .isEmpty();

        assertThat(transactions.committed).hasSize(1);
        assertThat(transactions.committed.getFirst().getFirst()).as("queued behind other batches first").isEqualTo(-1L);
        assertThat(tiers).containsExactly(2L, 4L, 3L, 1L);
        assertThat(messages).containsExactly(2L, 4L, 3L, 1L);
    }

    @Test
    void aBatchReachesEachFollowUpAsOneSortedListAndASinglePurchaseAlone() {
        var transactions = new Transactions();
        var calls = new ArrayList<List<Long>>();
        PurchaseFollowUp setBased = new PurchaseFollowUp() {
            @Override
            public void purchaseRecorded(PurchaseRecorded purchase) {
                calls.add(List.of(purchase.purchaseId()));
            }

            @Override
            public void purchasesRecorded(List<PurchaseRecorded> purchases) {
                calls.add(purchases.stream().map(PurchaseRecorded::purchaseId).toList());
            }
        };
        var followUps = new PurchaseFollowUps(List.of(setBased), transactions, () -> { });

        assertThat(followUps.followUpAll(List.of(purchase(1, 30), purchase(2, 10), purchase(3, 20), purchase(4, 10))))
                .isEmpty();
        followUps.followUpTogether(purchase(5, 10));

        assertThat(calls).containsExactly(List.of(2L, 4L, 3L, 1L), List.of(5L));
        assertThat(transactions.committed).hasSize(2);
    }

    @Test
    void aFailingPurchaseHoldsBackOnlyItselfAndKeepsTheEventOpen() {
        var transactions = new Transactions();
        var done = new ArrayList<Long>();
        var followUps = new PurchaseFollowUps(List.of(new Noting(transactions, done, p -> {
            if (p.purchaseId() == 2) {
                throw new IllegalStateException("cannot follow up purchase 2");
            }
        })), new TransactionOperations() {
            @Override
            public <T> T execute(TransactionCallback<T> action) {
                // a failed callback commits nothing: what it noted is dropped, as a rollback would
                var before = new ArrayList<>(done);
                try {
                    return transactions.execute(action);
                } catch (RuntimeException e) {
                    done.clear();
                    done.addAll(before);
                    throw e;
                }
            }
        }, () -> { });

        assertThatThrownBy(() -> followUps.on(new PurchaseBatchRecorded(List.of(purchase(1, 1), purchase(2, 2),
                purchase(3, 3)))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("1 of 3 purchases");

        // the whole batch failed once, then purchases 1 and 3 committed one by one
        assertThat(done).containsExactly(1L, 3L);
        assertThat(transactions.committed).containsExactly(List.of(1L), List.of(3L));
    }

    @Test
    void aSinglePurchaseThatFailsIsNotTriedTwice() {
        var transactions = new Transactions();
        var attempts = new ArrayList<Long>();
        var followUps = new PurchaseFollowUps(List.of(new Noting(transactions, new ArrayList<>(), p -> {
            attempts.add(p.purchaseId());
            throw new IllegalStateException("down");
        })), transactions, () -> { throw new AssertionError("a single purchase does not queue"); });

        assertThatThrownBy(() -> followUps.followUpTogether(purchase(7, 1))).hasMessage("down");
        assertThat(attempts).containsExactly(7L);
    }

    @Test
    void singlePurchasesThatArriveWhileOthersAreFollowedUpShareOneTransaction() throws Exception {
        var transactions = new Transactions();
        var first = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        var followUps = new PurchaseFollowUps(List.of(new Noting(transactions, new ArrayList<>(), p -> {
            if (p.purchaseId() == 1) {
                first.countDown();
                await(release);
            }
            if (p.purchaseId() == 4) {
                throw new IllegalStateException("cannot follow up purchase 4");
            }
        })), transactions, () -> transactions.current.add(-1L));
        var outcomes = new java.util.concurrent.ConcurrentHashMap<Long, String>();
        var threads = new ArrayList<Thread>();
        java.util.function.LongConsumer send = id -> threads.add(Thread.ofVirtual().start(() -> {
            try {
                followUps.followUpTogether(purchase(id, 100 - id));
                outcomes.put(id, "done");
            } catch (IllegalStateException e) {
                outcomes.put(id, e.getMessage());
            }
        }));

        send.accept(1);
        await(first); // purchase 1 is being followed up alone; 2 to 5 come meanwhile
        for (long id = 2; id <= 5; id++) {
            send.accept(id);
        }
        while (followUps.waiting() < 4) {
            Thread.sleep(5);
        }
        release.countDown();
        for (var thread : threads) {
            thread.join();
        }

        // 1 alone; 2 to 5 together (queued, sorted by member), which failed because of 4; then one by one
        assertThat(transactions.started).containsExactly(List.of(1L), List.of(-1L, 5L, 4L), List.of(5L), List.of(4L),
                List.of(3L), List.of(2L));
        assertThat(transactions.committed).containsExactly(List.of(1L), List.of(5L), List.of(3L), List.of(2L));
        assertThat(outcomes).containsEntry(1L, "done").containsEntry(2L, "done").containsEntry(3L, "done")
                .containsEntry(5L, "done").containsEntry(4L, "cannot follow up purchase 4");
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
