package io.loyaltydesk.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.LoyaltyDeskApplication;
import io.loyaltydesk.MutableClock;
import io.loyaltydesk.platform.CommandRefusedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Random sequences of everything that can happen to one member's points, with time passing in between. After
 * every step the member's books must hold together; refused commands must leave no trace; and at the end of each
 * sequence the whole ledger must reconcile.
 */
class LedgerPropertiesTest {

    private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MICROS));
    private static final AtomicLong MEMBERS = new AtomicLong(9_300_000_000L + System.nanoTime() % 1_000_000);
    private static final int ALL = 1_000_000;

    private static ConfigurableApplicationContext context;
    private static PointsLedger ledger;
    private static JdbcClient jdbc;

    @BeforeContainer
    static void start() {
        ApplicationContextInitializer<GenericApplicationContext> testClock = ctx -> ctx.registerBean("testClock",
                Clock.class, () -> CLOCK, definition -> definition.setPrimary(true));
        context = new SpringApplicationBuilder(LoyaltyDeskApplication.class).profiles("test")
                // a command-line argument: it outranks application.yml's ${PORT:8080}, so a running server on 8080
                // does not break the tests (a default property would not)
                .initializers(testClock).run("--server.port=0");
        ledger = context.getBean(PointsLedger.class);
        jdbc = context.getBean(JdbcClient.class);
    }

    @AfterContainer
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Property(tries = 50)
    void everySequenceOfCommandsKeepsTheBooksBalanced(@ForAll("sequences") List<Step> steps) {
        var start = CLOCK.instant();
        var settings = ledger.settings();
        var member = new MemberModel(MEMBERS.incrementAndGet());
        try {
            for (var step : steps) {
                member.apply(step);
                member.checkBooks(step);
            }
            var reconciliation = ledger.reconcile();
            assertThat(reconciliation.problems()).isEmpty();
            assertThat(reconciliation.balanced()).isTrue();
        } finally {
            CLOCK.set(start);
            ledger.updateSettings(settings, "property test done");
        }
    }

    // ---- what can happen

    sealed interface Step {
    }

    record Earn(long points, long minutesAgo) implements Step {
    }

    /** Returns part of an earlier purchase of this member (the {@code pick}-th modulo how many there are). */
    record Reverse(int pick, long points) implements Step {
    }

    record Reserve(long points) implements Step {
    }

    /** Confirms or cancels an open hold (or any hold, to retry a settled one), once or twice. */
    record Settle(int pick, boolean confirm, boolean twice, boolean openOnly) implements Step {
    }

    record Adjust(long points) implements Step {
    }

    /** Time passes, then the jobs run. */
    record Pass(int days, int minutes) implements Step {
    }

    record ChangePendingDays(int days) implements Step {
    }

    @Provide
    Arbitrary<List<Step>> sequences() {
        Arbitrary<Step> earn = Combinators.combine(Arbitraries.longs().between(1, 500),
                Arbitraries.longs().between(0, 400L * 24 * 60)).as(Earn::new);
        Arbitrary<Step> reverse = Combinators.combine(Arbitraries.integers().between(0, 50),
                Arbitraries.longs().between(1, 600)).as(Reverse::new);
        Arbitrary<Step> reserve = Arbitraries.longs().between(1, 800).map(Reserve::new);
        Arbitrary<Step> settle = Combinators.combine(Arbitraries.integers().between(0, 50), Arbitraries.of(true, false),
                Arbitraries.of(true, false), Arbitraries.of(true, true, true, false)).as(Settle::new);
        Arbitrary<Step> adjust = Arbitraries.longs().between(-300, 300).filter(p -> p != 0).map(Adjust::new);
        Arbitrary<Step> pass = Combinators.combine(Arbitraries.integers().between(0, 120),
                Arbitraries.integers().between(0, 30)).as(Pass::new);
        Arbitrary<Step> pendingDays = Arbitraries.integers().between(0, 14).map(ChangePendingDays::new);
        return Arbitraries.frequencyOf(Tuple.of(6, earn), Tuple.of(2, reverse), Tuple.of(3, reserve),
                        Tuple.of(3, settle), Tuple.of(2, adjust), Tuple.of(2, pass), Tuple.of(1, pendingDays))
                .list().ofMinSize(1).ofMaxSize(40).withSizeDistribution(RandomDistribution.uniform());
    }

    // ---- one member and what the test knows about them

    private static final class MemberModel {

        private final long id;
        private final List<String> purchases = new ArrayList<>();
        private final Map<String, Long> earnedBy = new HashMap<>();
        private final Map<String, Long> reversedBy = new HashMap<>();
        private final List<Long> reservations = new ArrayList<>();
        private long reversed;
        private long adjusted;

        MemberModel(long id) {
            this.id = id;
        }

        void apply(Step step) {
            var before = snapshot();
            try {
                switch (step) {
                    case Earn earn -> {
                        var purchase = "p-" + id + "-" + purchases.size();
                        var earned = ledger.earn(List.of(new EarnRequest(id, earn.points(),
                                CLOCK.instant().minus(Duration.ofMinutes(earn.minutesAgo())), "purchase", purchase,
                                null, null, "Purchase " + purchase)));
                        assertThat(earned).hasSize(1);
                        purchases.add(purchase);
                        earnedBy.put(purchase, earn.points());
                    }
                    case Reverse reverse -> {
                        if (purchases.isEmpty()) {
                            return;
                        }
                        var purchase = purchases.get(reverse.pick() % purchases.size());
                        long left = earnedBy.get(purchase) - reversedBy.getOrDefault(purchase, 0L);
                        var reversal = ledger.reverse(id, "purchase", purchase, reverse.points(), "Returned",
                                CLOCK.instant());
                        assertThat(reversal.fromPending()).isNotNegative();
                        assertThat(reversal.fromAvailable()).isNotNegative();
                        assertThat(reversal.toDebt()).isNotNegative();
                        assertThat(reversal.total()).as("a return takes back at most what the purchase has left")
                                .isEqualTo(Math.min(reverse.points(), left));
                        reversedBy.merge(purchase, reversal.total(), Long::sum);
                        reversed += reversal.total();
                    }
                    case Reserve reserve -> {
                        var hold = ledger.reserve(id, reserve.points(), "basket");
                        assertThat(hold.status()).isEqualTo(Reservation.Status.RESERVED);
                        assertThat(hold.points()).isEqualTo(reserve.points());
                        reservations.add(hold.id());
                    }
                    case Settle settle -> settle(settle);
                    case Adjust adjust -> {
                        var adjustment = ledger.adjust(id, adjust.points(), "property test", null, null, null);
                        assertThat(adjustment.status()).isEqualTo(Adjustment.Status.APPLIED);
                        adjusted += adjust.points();
                    }
                    case Pass pass -> {
                        CLOCK.advance(Duration.ofDays(pass.days()).plusMinutes(pass.minutes()));
                        // holds first: a released hold puts points back into its lots, which may be due by now
                        ledger.expireReservations(ALL);
                        ledger.matureDue(ALL);
                        ledger.expireDue(ALL);
                        checkNothingLeftDue();
                    }
                    case ChangePendingDays change -> {
                        var s = ledger.settings();
                        ledger.updateSettings(new LedgerSettings(change.days(), s.expiryPolicy(), s.expiryMonths(),
                                s.pointValueMinor(), s.currency(), s.allowNegativeBalance(),
                                s.memberTransfersEnabled(), s.adjustmentApprovalLimit(),
                                s.reservationTimeoutMinutes()), "property test");
                    }
                }
                Statistics.label("commands").collect(step.getClass().getSimpleName());
            } catch (CommandRefusedException.RuleViolated refused) {
                Statistics.label("commands").collect(step.getClass().getSimpleName() + " refused: " + refused.type());
                assertThat(snapshot()).as("a refused " + step + " (" + refused.type() + ") changes nothing")
                        .isEqualTo(before);
            }
        }

        private void settle(Settle settle) {
            var candidates = settle.openOnly()
                    ? ledger.reservations(id, true).stream().map(Reservation::id).toList()
                    : reservations;
            if (candidates.isEmpty()) {
                return;
            }
            long hold = candidates.get(settle.pick() % candidates.size());
            var first = settle.confirm() ? ledger.confirm(hold) : ledger.cancel(hold);
            assertThat(first.status()).isIn(settle.confirm() ? List.of(Reservation.Status.CONFIRMED)
                    : List.of(Reservation.Status.CANCELLED, Reservation.Status.EXPIRED));
            if (settle.twice()) {
                var between = snapshot();
                var again = settle.confirm() ? ledger.confirm(hold) : ledger.cancel(hold);
                assertThat(again).as("settling twice").isEqualTo(first);
                assertThat(snapshot()).as("settling twice changes nothing").isEqualTo(between);
            }
        }

        /** Everything a command could change for this member. */
        private Snapshot snapshot() {
            return new Snapshot(jdbc.sql("select kind, balance from ledger_accounts where member_id = :m order by kind")
                    .param("m", id).query().listOfRows(),
                    jdbc.sql("select count(*) from ledger_transfers where member_id = :m or counterparty_id = :m")
                            .param("m", id).query(Long.class).single(),
                    jdbc.sql("select id, remaining, matured from ledger_lots where member_id = :m order by id")
                            .param("m", id).query().listOfRows(),
                    jdbc.sql("select id, status from ledger_reservations where member_id = :m order by id")
                            .param("m", id).query().listOfRows(),
                    jdbc.sql("select count(*) from ledger_lot_draws where member_id = :m")
                            .param("m", id).query(Long.class).single());
        }

        void checkBooks(Step after) {
            var why = "after " + after;
            var balance = ledger.balance(id);
            assertThat(balance.available()).as(why).isNotNegative();
            assertThat(balance.pending()).as(why).isNotNegative();
            assertThat(balance.reserved()).as(why).isNotNegative();
            assertThat(balance.debt()).as(why).isNotPositive();
            if (balance.debt() < 0) {
                assertThat(balance.available()).as(why + ": a debt is paid back before points are usable").isZero();
            }

            var lots = ledger.lots(id, false);
            assertThat(lots).as(why).allSatisfy(lot -> assertThat(lot.remaining()).isBetween(0L, lot.amount()));
            assertThat(balance.available()).as(why + ": available = matured lots")
                    .isEqualTo(lots.stream().filter(Lot::matured).mapToLong(Lot::remaining).sum());
            assertThat(balance.pending()).as(why + ": pending = lots in their return window")
                    .isEqualTo(lots.stream().filter(lot -> !lot.matured()).mapToLong(Lot::remaining).sum());
            assertThat(balance.reserved()).as(why + ": reserved = open holds")
                    .isEqualTo(ledger.reservations(id, true).stream().mapToLong(Reservation::points).sum());
            assertThat(jdbc.sql("""
                    select count(*) from ledger_lots l
                     where l.member_id = :m and l.amount - l.remaining <>
                           coalesce((select sum(d.amount) from ledger_lot_draws d where d.lot_id = l.id), 0)
                    """).param("m", id).query(Long.class).single())
                    .as(why + ": what each lot lost is what was drawn from it").isZero();
            assertThat(jdbc.sql("""
                    select count(*) from ledger_accounts a
                     where a.member_id = :m and a.balance <>
                           coalesce((select sum(amount) from ledger_transfers where credit_account_id = a.id), 0)
                         - coalesce((select sum(amount) from ledger_transfers where debit_account_id = a.id), 0)
                    """).param("m", id).query(Long.class).single())
                    .as(why + ": each account = sum of its transfers").isZero();

            long holdings = balance.available() + balance.pending() + balance.reserved() + balance.debt();
            assertThat(holdings).as(why + ": what the member holds = earned - returned + adjusted - redeemed - expired")
                    .isEqualTo(balance.lifetimeEarned() - reversed + adjusted - balance.lifetimeRedeemed()
                            - balance.lifetimeExpired());

            var history = history();
            assertThat(history.stream().filter(e -> e.code().changesOwnership()).mapToLong(HistoryEntry::points).sum())
                    .as(why + ": the member's history sums to what they hold").isEqualTo(holdings);
            for (var entry : history) {
                switch (entry.code()) {
                    case EARN, MATURE, RELEASE -> assertThat(entry.points()).as(why + " " + entry).isPositive();
                    case RESERVE, RECOVER, REDEEM, EXPIRE, REVERSE -> assertThat(entry.points()).as(why + " " + entry)
                            .isNegative();
                    default -> assertThat(entry.points()).as(why + " " + entry).isNotZero();
                }
            }
            long open = history.stream().filter(e -> e.code() == EntryCode.RESERVE).mapToLong(HistoryEntry::points)
                    .sum() + history.stream().filter(e -> e.code() == EntryCode.RELEASE || e.code() == EntryCode.REDEEM)
                    .mapToLong(HistoryEntry::points).map(Math::abs).sum();
            assertThat(-open).as(why + ": held = reserved - released - redeemed").isEqualTo(balance.reserved());
        }

        private void checkNothingLeftDue() {
            var now = CLOCK.instant();
            var lots = ledger.lots(id, true);
            assertThat(lots).as("no lot left to mature at " + now)
                    .noneMatch(lot -> !lot.matured() && !lot.availableAt().isAfter(now));
            assertThat(lots).as("no lot left to expire at " + now)
                    .noneMatch(lot -> lot.matured() && lot.expiresAt() != null && !lot.expiresAt().isAfter(now));
            assertThat(ledger.reservations(id, true)).as("no hold left to time out at " + now)
                    .noneMatch(hold -> !hold.expiresAt().isAfter(now));
        }

        private List<HistoryEntry> history() {
            var entries = new ArrayList<HistoryEntry>();
            String cursor = null;
            do {
                var page = ledger.history(id, cursor, 200, true);
                entries.addAll(page.items());
                cursor = page.nextCursor();
            } while (cursor != null);
            return entries;
        }
    }

    record Snapshot(List<Map<String, Object>> accounts, long transfers, List<Map<String, Object>> lots,
            List<Map<String, Object>> reservations, long draws) {
    }
}
