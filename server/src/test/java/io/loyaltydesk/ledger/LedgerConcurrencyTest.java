package io.loyaltydesk.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.ledger.internal.LedgerStore;
import io.loyaltydesk.platform.CommandRefusedException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Many callers at once on one member: no point is spent twice, none is lost, and the books still balance. */
class LedgerConcurrencyTest extends IntegrationTest {

    @Autowired
    PointsLedger ledger;

    @Autowired
    LedgerStore store;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void fiftyParallelHoldsOnAHundredPointsLetExactlyTenThrough() throws Exception {
        long member = newMember();
        earn(member, 100, "p-" + unique());

        var outcomes = inParallel(50, i -> () -> {
            try {
                ledger.reserve(member, 10, "till-" + i);
                return "reserved";
            } catch (CommandRefusedException.RuleViolated e) {
                return e.type();
            }
        });

        assertThat(outcomes).filteredOn("reserved"::equals).hasSize(10);
        assertThat(outcomes).filteredOn("insufficient-points"::equals).hasSize(40);
        var balance = ledger.balance(member);
        assertThat(balance.available()).isZero();
        assertThat(balance.reserved()).isEqualTo(100);
        assertThat(ledger.reservations(member, true)).hasSize(10);
        assertThat(ledger.reconcile().problems()).isEmpty();
    }

    @Test
    void aConfirmRacingACancelLeavesOneOutcome() throws Exception {
        long member = newMember();
        earn(member, 200, "p-" + unique());
        for (int round = 0; round < 10; round++) {
            long id = ledger.reserve(member, 10, "race-" + round).id();

            var outcomes = inParallel(2, i -> () -> {
                try {
                    return (i == 0 ? ledger.confirm(id) : ledger.cancel(id)).status().name();
                } catch (CommandRefusedException.RuleViolated e) {
                    return e.type();
                }
            });

            var status = ledger.reservation(id).status();
            assertThat(status).isIn(Reservation.Status.CONFIRMED, Reservation.Status.CANCELLED);
            if (status == Reservation.Status.CONFIRMED) {
                assertThat(outcomes).containsExactly("CONFIRMED", "reservation-confirmed");
            } else {
                assertThat(outcomes).containsExactly("reservation-closed", "CANCELLED");
            }
            long settlements = jdbc.sql("select count(*) from ledger_transfers where source_type = 'reservation' "
                            + "and source_id = :id and code in ('REDEEM','RELEASE')")
                    .param("id", Long.toString(id)).query(Long.class).single();
            assertThat(settlements).isEqualTo(1);
        }
        var balance = ledger.balance(member);
        assertThat(balance.reserved()).isZero();
        assertThat(balance.available() + balance.lifetimeRedeemed()).isEqualTo(200);
        assertThat(ledger.reconcile().problems()).isEmpty();
    }

    @Test
    void parallelConfirmationsOfOneHoldSpendItOnce() throws Exception {
        long member = newMember();
        earn(member, 50, "p-" + unique());
        long id = ledger.reserve(member, 50, "double-click").id();

        var outcomes = inParallel(8, i -> () -> ledger.confirm(id).status().name());

        assertThat(outcomes).containsOnly("CONFIRMED");
        assertThat(ledger.balance(member).lifetimeRedeemed()).isEqualTo(50);
        assertThat(ledger.reconcile().problems()).isEmpty();
    }

    @Test
    void twentyParallelEarningsAreAllCredited() throws Exception {
        long member = newMember();

        inParallel(20, i -> () -> earn(member, i + 1, "p-" + unique()));

        long expected = 20 * 21 / 2;
        var balance = ledger.balance(member);
        assertThat(balance.available()).isEqualTo(expected);
        assertThat(balance.lifetimeEarned()).isEqualTo(expected);
        assertThat(ledger.lots(member, true)).hasSize(20);
        assertThat(ledger.reconcile().problems()).isEmpty();
    }

    @Test
    void anApprovalRacingARejectionLeavesOneDecisionAndBooksThatMatchIt() throws Exception {
        long member = newMember();
        for (int round = 0; round < 15; round++) {
            long id = as("alice", () -> ledger.adjust(member, 600, "goodwill", null, null, null)).id();

            var outcomes = inParallel(2, i -> () -> {
                try {
                    return i == 0 ? as("bob", () -> ledger.approve(id)).status().name()
                            : as("carol", () -> ledger.reject(id, "no")).status().name();
                } catch (CommandRefusedException.RuleViolated e) {
                    return e.type();
                }
            });

            var decided = ledger.adjustments(member, null, 100).stream().filter(a -> a.id() == id).findFirst()
                    .orElseThrow();
            long credited = jdbc.sql("select count(*) from ledger_transfers where code = 'ADJUST' "
                            + "and source_type = 'adjustment' and source_id = :id")
                    .param("id", Long.toString(id)).query(Long.class).single();
            if (decided.status() == Adjustment.Status.APPROVED) {
                assertThat(outcomes).as("round " + round).containsExactly("APPROVED", "adjustment-decided");
                assertThat(credited).isEqualTo(1);
            } else {
                assertThat(decided.status()).isEqualTo(Adjustment.Status.REJECTED);
                assertThat(outcomes).as("round " + round).containsExactly("adjustment-decided", "REJECTED");
                assertThat(credited).as("round " + round + ": rejected but credited").isZero();
            }
        }
        long approved = ledger.adjustments(member, Adjustment.Status.APPROVED, 100).size();
        assertThat(ledger.balance(member).available()).isEqualTo(600 * approved);
        assertThat(ledger.reconcile().problems()).isEmpty();
    }

    @Test
    void transfersCannotBeChangedOrDeleted() {
        long member = newMember();
        long transferId = earn(member, 10, "p-" + unique()).transferId();

        assertThatThrownBy(() -> jdbc.sql("update ledger_transfers set amount = 1000 where id = :id")
                .param("id", transferId).update()).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from ledger_transfers where id = :id")
                .param("id", transferId).update()).hasMessageContaining("append-only");
        assertThat(jdbc.sql("select amount from ledger_transfers where id = :id").param("id", transferId)
                .query(Long.class).single()).isEqualTo(10);
    }

    @Test
    void aProgramAccountCreatedInARolledBackTransactionIsNotRemembered() {
        var asset = "TEST" + unique();
        long member = newMember();
        transactions.executeWithoutResult(status -> {
            store.programAccount(asset, LedgerStore.Kind.ISSUED, member, Instant.now());
            status.setRollbackOnly();
        });

        long id = transactions.execute(status -> store.programAccount(asset, LedgerStore.Kind.ISSUED, member,
                Instant.now()));

        assertThat(jdbc.sql("select count(*) from ledger_accounts where id = :id").param("id", id)
                .query(Long.class).single()).isEqualTo(1);
    }

    // ---- helpers

    private static <T> T as(String user, java.util.function.Supplier<T> action) {
        var context = org.springframework.security.core.context.SecurityContextHolder.createEmptyContext();
        context.setAuthentication(org.springframework.security.authentication.UsernamePasswordAuthenticationToken
                .authenticated(user, null, List.of()));
        org.springframework.security.core.context.SecurityContextHolder.setContext(context);
        try {
            return action.get();
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
    }

    private Earned earn(long member, long points, String purchase) {
        return ledger.earn(List.of(new EarnRequest(member, points, clock.instant(), "purchase", purchase, null, null,
                "Purchase " + purchase))).getFirst();
    }

    private static long newMember() {
        return 9_200_000_000L + unique();
    }

    /** Runs {@code n} tasks released at the same moment; their results in task order. */
    private static List<String> inParallel(int n, java.util.function.IntFunction<Callable<?>> task)
            throws InterruptedException, ExecutionException {
        var pool = Executors.newFixedThreadPool(n);
        try {
            var ready = new CountDownLatch(n);
            var go = new CountDownLatch(1);
            var futures = new ArrayList<Future<?>>();
            for (int i = 0; i < n; i++) {
                var callable = task.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return callable.call();
                }));
            }
            ready.await();
            go.countDown();
            var results = new ArrayList<String>();
            for (var future : futures) {
                results.add(String.valueOf(future.get(60, TimeUnit.SECONDS)));
            }
            return results;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("a parallel call did not finish in time", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
