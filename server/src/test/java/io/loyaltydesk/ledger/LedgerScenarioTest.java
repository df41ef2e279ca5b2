package io.loyaltydesk.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Long-running ledger flows on a clock the test moves: return windows, expiry, debts, holds timing out. */
class LedgerScenarioTest extends IntegrationTest {

    private static final int ALL = 1_000_000;

    @Autowired
    PointsLedger ledger;

    private Instant start;
    private LedgerSettings settingsBefore;

    @BeforeEach
    void remember() {
        start = clock.instant();
        // the database keeps microseconds; a clock with nanoseconds would make stored and returned dates differ
        clock.set(start.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        settingsBefore = ledger.settings();
        ledger.updateSettings(defaults(), "scenario test starts from the defaults");
    }

    @AfterEach
    void restore() {
        clock.set(start);
        ledger.updateSettings(settingsBefore, "scenario test done");
    }

    @Test
    void unusedPointsExpireTwelveMonthsAfterTheyWereEarned() {
        long member = newMember();
        var earnedAt = clock.instant();
        earn(member, 100, earnedAt, "p-" + unique());

        clock.set(earnedAt.atOffset(ZoneOffset.UTC).plusMonths(12).minusHours(1).toInstant());
        ledger.expireDue(ALL);
        assertThat(ledger.balance(member).available()).as("not yet due").isEqualTo(100);

        clock.set(earnedAt.atOffset(ZoneOffset.UTC).plusMonths(12).plusDays(1).toInstant());
        ledger.expireDue(ALL);

        var balance = ledger.balance(member);
        assertThat(balance.available()).isZero();
        assertThat(balance.lifetimeEarned()).isEqualTo(100);
        assertThat(balance.lifetimeExpired()).isEqualTo(100);
        var expiry = entries(member, EntryCode.EXPIRE);
        assertThat(expiry).hasSize(1);
        assertThat(expiry.getFirst().points()).isEqualTo(-100);
        assertThat(expiry.getFirst().explanation()).contains("100 points").contains(day(earnedAt));
        assertThat(ledger.reconcile().problems()).isEmpty();
    }

    @Test
    void pointsStayPendingDuringTheReturnWindowThenMature() {
        ledger.updateSettings(withPendingDays(14), "return window");
        long member = newMember();
        var earnedAt = clock.instant();

        var earned = earn(member, 80, earnedAt, "p-" + unique());

        var availableAt = earnedAt.plus(Duration.ofDays(14));
        assertThat(earned.pending()).isTrue();
        assertThat(earned.availableAt()).isEqualTo(availableAt);
        var balance = ledger.balance(member);
        assertThat(balance.available()).isZero();
        assertThat(balance.pending()).isEqualTo(80);
        assertThat(balance.pendingPoints()).containsExactly(new Balance.Upcoming(80, availableAt));
        assertThat(entries(member, EntryCode.EARN).getFirst().pendingUntil()).isEqualTo(availableAt);

        clock.set(availableAt.minusSeconds(60));
        ledger.matureDue(ALL);
        assertThat(ledger.balance(member).pending()).as("one minute early").isEqualTo(80);

        clock.set(availableAt.plusSeconds(1));
        ledger.matureDue(ALL);
        balance = ledger.balance(member);
        assertThat(balance.available()).isEqualTo(80);
        assertThat(balance.pending()).isZero();
        assertThat(balance.pendingPoints()).isEmpty();
        assertThat(entries(member, EntryCode.EARN).getFirst().pendingUntil()).isNull();
        assertThat(ledger.reconcile().problems()).isEmpty();
    }

    @Test
    void anExpiryExplanationNamesTheDayThePointsWereEarnedEvenAfterAReturnWindow() {
        ledger.updateSettings(withPendingDays(14), "return window");
        long member = newMember();
        var earnedAt = clock.instant();
        earn(member, 40, earnedAt, "p-" + unique());
        clock.set(earnedAt.plus(Duration.ofDays(15)));
        ledger.matureDue(ALL);

        clock.set(earnedAt.atOffset(ZoneOffset.UTC).plusMonths(12).plusDays(1).toInstant());
        ledger.expireDue(ALL);

        var expiry = entries(member, EntryCode.EXPIRE).getFirst();
        assertThat(expiry.explanation()).contains("40 points").contains(day(earnedAt))
                .doesNotContain(day(earnedAt.plus(Duration.ofDays(14))));
    }

    @Test
    void aReturnAfterThePointsWereSpentBecomesADebtThatTheNextEarningsPayBack() {
        long member = newMember();
        var purchase = "p-" + unique();
        earn(member, 100, clock.instant(), purchase);
        var hold = ledger.reserve(member, 100, "basket-1");
        ledger.confirm(hold.id());

        var reversal = ledger.reverse(member, "purchase", purchase, 100, "Purchase returned", clock.instant());

        assertThat(reversal).isEqualTo(new Reversal(0, 0, 100));
        var balance = ledger.balance(member);
        assertThat(balance.available()).isZero();
        assertThat(balance.debt()).isEqualTo(-100);
        var reverse = entries(member, EntryCode.REVERSE);
        assertThat(reverse).extracting(HistoryEntry::points).containsExactly(-100L);

        earn(member, 30, clock.instant(), "p-" + unique());
        balance = ledger.balance(member);
        assertThat(balance.available()).isZero();
        assertThat(balance.debt()).isEqualTo(-70);

        earn(member, 100, clock.instant(), "p-" + unique());
        balance = ledger.balance(member);
        assertThat(balance.available()).isEqualTo(30);
        assertThat(balance.debt()).isZero();
        assertThat(ledger.reconcile().problems()).isEmpty();
    }

    @Test
    void aReturnTakesPendingPointsOfThatPurchaseFirst() {
        ledger.updateSettings(withPendingDays(14), "return window");
        long member = newMember();
        var purchase = "p-" + unique();
        earn(member, 60, clock.instant(), purchase);

        var reversal = ledger.reverse(member, "purchase", purchase, 25, "Partly returned", clock.instant());

        assertThat(reversal).isEqualTo(new Reversal(25, 0, 0));
        assertThat(ledger.balance(member).pending()).isEqualTo(35);
        assertThat(ledger.reconcile().problems()).isEmpty();
    }

    @Test
    void aReturnNeverTakesBackMoreThanThePurchaseEarned() {
        long member = newMember();
        var purchase = "p-" + unique();
        earn(member, 50, clock.instant(), purchase);
        earn(member, 200, clock.instant(), "p-" + unique());

        var first = ledger.reverse(member, "purchase", purchase, 80, "Returned", clock.instant());
        var again = ledger.reverse(member, "purchase", purchase, 30, "Returned again", clock.instant());

        assertThat(first.total()).isEqualTo(50);
        assertThat(again.total()).isZero();
        assertThat(ledger.balance(member).available()).isEqualTo(200);
        assertThat(ledger.reconcile().problems()).isEmpty();
    }

    @Test
    void aHoldThatTimesOutIsReleased() {
        long member = newMember();
        earn(member, 50, clock.instant(), "p-" + unique());
        var hold = ledger.reserve(member, 20, "basket-" + unique());
        assertThat(ledger.balance(member).available()).isEqualTo(30);

        clock.advance(Duration.ofMinutes(14));
        ledger.expireReservations(ALL);
        assertThat(ledger.reservation(hold.id()).status()).as("within the timeout")
                .isEqualTo(Reservation.Status.RESERVED);

        clock.advance(Duration.ofMinutes(2));
        ledger.expireReservations(ALL);

        assertThat(ledger.reservation(hold.id()).status()).isEqualTo(Reservation.Status.EXPIRED);
        var balance = ledger.balance(member);
        assertThat(balance.available()).isEqualTo(50);
        assertThat(balance.reserved()).isZero();
        assertThat(ledger.lots(member, true)).extracting(Lot::remaining).containsExactly(50L);
        assertThat(ledger.reconcile().problems()).isEmpty();
    }

    @Test
    void pointsReleasedIntoALotThatExpiredWhileTheyWereHeldExpireAtOnce() {
        long member = newMember();
        var earnedAt = clock.instant();
        earn(member, 40, earnedAt, "p-" + unique());
        clock.set(earnedAt.atOffset(ZoneOffset.UTC).plusMonths(12).minusMinutes(5).toInstant());
        var hold = ledger.reserve(member, 30, "basket-" + unique());

        clock.advance(Duration.ofMinutes(10));
        ledger.cancel(hold.id());

        var balance = ledger.balance(member);
        assertThat(balance.available()).as("the whole lot expired, held part included").isZero();
        assertThat(balance.lifetimeExpired()).isEqualTo(40);
        assertThat(ledger.reconcile().problems()).isEmpty();
    }

    @Test
    void spendingDrawsTheLotClosestToExpiryFirstAndExpiryTakesOnlyWhatIsLeftOfIt() {
        long member = newMember();
        var now = clock.instant();
        var recent = earn(member, 100, now.minus(Duration.ofDays(10)), "p-" + unique());
        var old = earn(member, 100, now.minus(Duration.ofDays(300)), "p-" + unique());

        ledger.confirm(ledger.reserve(member, 30, "basket").id());

        var lots = ledger.lots(member, false);
        assertThat(lots).extracting(Lot::transferId).containsExactly(old.transferId(), recent.transferId());
        assertThat(lots).extracting(Lot::remaining).containsExactly(70L, 100L);

        clock.set(old.expiresAt().plusSeconds(1));
        long expired = ledger.expireDue(ALL);

        assertThat(expired).isGreaterThanOrEqualTo(70);
        var balance = ledger.balance(member);
        assertThat(balance.available()).isEqualTo(100);
        assertThat(balance.lifetimeExpired()).isEqualTo(70);
        assertThat(ledger.lots(member, true)).extracting(Lot::transferId).containsExactly(recent.transferId());
        assertThat(ledger.reconcile().problems()).isEmpty();
    }

    @Test
    void endOfQuarterAndEndOfYearPoliciesDateTheLots() {
        clock.set(Instant.parse("2031-02-10T12:00:00Z"));
        long member = newMember();

        ledger.updateSettings(withPolicy(ExpiryPolicy.END_OF_QUARTER_AFTER_MONTHS), "quarterly expiry");
        var quarterly = earn(member, 10, clock.instant(), "p-" + unique());
        ledger.updateSettings(withPolicy(ExpiryPolicy.END_OF_YEAR_AFTER_MONTHS), "yearly expiry");
        var yearly = earn(member, 10, clock.instant(), "p-" + unique());
        ledger.updateSettings(withPolicy(ExpiryPolicy.NEVER), "no expiry");
        var never = earn(member, 10, clock.instant(), "p-" + unique());

        assertThat(quarterly.expiresAt()).isEqualTo("2032-04-01T00:00:00Z");
        assertThat(yearly.expiresAt()).isEqualTo("2033-01-01T00:00:00Z");
        assertThat(never.expiresAt()).isNull();
        assertThat(ledger.lots(member, true)).extracting(Lot::expiresAt)
                .containsExactly(Instant.parse("2032-04-01T00:00:00Z"), Instant.parse("2033-01-01T00:00:00Z"), null);

        clock.set(Instant.parse("2032-04-01T00:00:01Z"));
        ledger.expireDue(ALL);
        assertThat(ledger.balance(member).available()).isEqualTo(20);
        clock.set(Instant.parse("2040-01-01T00:00:00Z"));
        ledger.expireDue(ALL);
        assertThat(ledger.balance(member).available()).as("never-expiring points stay").isEqualTo(10);
    }

    @Test
    void movedPointsKeepTheirExpiryAndOnlyWhenTheProgramAllowsIt() {
        long giver = newMember();
        long receiver = newMember();
        var earned = earn(giver, 100, clock.instant().minus(Duration.ofDays(100)), "p-" + unique());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ledger.transferBetweenMembers(giver, receiver, 40,
                "family")).isInstanceOf(io.loyaltydesk.platform.CommandRefusedException.RuleViolated.class);

        var s = ledger.settings();
        ledger.updateSettings(new LedgerSettings(s.pendingDays(), s.expiryPolicy(), s.expiryMonths(),
                s.pointValueMinor(), s.currency(), s.allowNegativeBalance(), true, s.adjustmentApprovalLimit(),
                s.reservationTimeoutMinutes()), "family pooling");
        ledger.transferBetweenMembers(giver, receiver, 40, "family");

        assertThat(ledger.balance(giver).available()).isEqualTo(60);
        assertThat(ledger.balance(receiver).available()).isEqualTo(40);
        assertThat(ledger.lots(receiver, true)).extracting(Lot::expiresAt).containsExactly(earned.expiresAt());
        assertThat(entries(giver, EntryCode.TRANSFER)).extracting(HistoryEntry::points).containsExactly(-40L);
        assertThat(entries(receiver, EntryCode.TRANSFER)).extracting(HistoryEntry::points).containsExactly(40L);
        assertThat(ledger.reconcile().problems()).isEmpty();
    }

    // ---- helpers

    private Earned earn(long member, long points, Instant at, String purchase) {
        return ledger.earn(List.of(new EarnRequest(member, points, at, "purchase", purchase, null, null,
                "Purchase " + purchase))).getFirst();
    }

    private List<HistoryEntry> entries(long member, EntryCode code) {
        return ledger.history(member, null, 200, true).items().stream().filter(e -> e.code() == code).toList();
    }

    private static long newMember() {
        return 9_100_000_000L + unique();
    }

    private static String day(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static LedgerSettings defaults() {
        return new LedgerSettings(0, ExpiryPolicy.MONTHS_AFTER_EARN, 12, new java.math.BigDecimal("1.0"), "EUR", false,
                false, 500, 15);
    }

    private LedgerSettings withPendingDays(int days) {
        var s = ledger.settings();
        return new LedgerSettings(days, s.expiryPolicy(), s.expiryMonths(), s.pointValueMinor(), s.currency(),
                s.allowNegativeBalance(), s.memberTransfersEnabled(), s.adjustmentApprovalLimit(),
                s.reservationTimeoutMinutes());
    }

    private LedgerSettings withPolicy(ExpiryPolicy policy) {
        var s = ledger.settings();
        return new LedgerSettings(s.pendingDays(), policy, 12, s.pointValueMinor(), s.currency(),
                s.allowNegativeBalance(), s.memberTransfersEnabled(), s.adjustmentApprovalLimit(),
                s.reservationTimeoutMinutes());
    }
}
