package io.loyaltydesk.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.purchases.PurchaseRecorded;
import io.loyaltydesk.tiers.TierProgram.Window;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** Members move up at once and down only at their review, on a clock that lets years pass. */
@RecordApplicationEvents
class TierScenarioTest extends TierTestSupport {

    private static final Instant MARCH_2031 = Instant.parse("2031-03-10T10:00:00Z");

    @Autowired
    ApplicationEvents events;
    @Autowired
    io.loyaltydesk.purchases.MemberTiers memberTiers;

    @Test
    void aPurchaseThatReachesAThresholdUpgradesAtOnceAndSaysSo() throws Exception {
        clock.set(MARCH_2031);
        long member = enroll("CARD-" + unique());
        // straight into the module (no real purchase, so no listener thread races this one)
        tiers.purchaseRecorded(new PurchaseRecorded(-unique(), member, clock.instant(), new BigDecimal("120.00"),
                "EUR", store, 120));
        tiers.purchaseRecorded(new PurchaseRecorded(-unique(), member, clock.instant(), new BigDecimal("400.00"),
                "EUR", store, 400));

        assertThat(events.stream(TierChanged.class).filter(e -> e.memberId() == member))
                .extracting(TierChanged::fromTier, TierChanged::toTier, TierChanged::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("BASE", "SILVER", TierChanged.Reason.UPGRADE),
                        org.assertj.core.groups.Tuple.tuple("SILVER", "GOLD", TierChanged.Reason.UPGRADE));
        assertThat(tiers.progress(new MemberId(member)).tier().code()).isEqualTo("GOLD");
        // what a batch of purchases asks: many members at their own times in one query, as one by one
        long newcomer = enroll("CARD-" + unique());
        var ats = List.of(clock.instant(), MARCH_2031.minusSeconds(86_400), clock.instant());
        var members = List.of(member, member, newcomer);
        assertThat(memberTiers.tierCodesOf(members, ats)).containsExactly("GOLD", "GOLD", "BASE")
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 3)
                        .mapToObj(i -> memberTiers.tierCodeOf(members.get(i), ats.get(i))).toList());
    }

    @Test
    void goldEarnedIn2031HoldsThrough2032AndDropsOnTheRightDayAfterAYearWithoutPurchases() throws Exception {
        clock.set(MARCH_2031);
        var idle = "CARD-" + unique();
        var light = "CARD-" + unique();
        long idleMember = enroll(idle);
        long lightMember = enroll(light);
        buy("R-" + unique(), idle, "600.00");
        buy("R-" + unique(), light, "600.00");
        eventually(() -> tierOf(idleMember).equals("GOLD") && tierOf(lightMember).equals("GOLD"));
        var gold = progress(idleMember);
        assertThat(gold.path("periodEnd").asString()).isEqualTo("2032-01-01T00:00:00Z");
        assertThat(gold.path("willDropTo").isNull()).isTrue();
        assertThat(gold.path("value").decimalValue()).isEqualByComparingTo("600");

        // 2031 is reviewed after the grace days: it qualifies for Gold, so Gold holds through 2032
        clock.set(Instant.parse("2032-01-14T23:59:59Z"));
        runReview();
        assertThat(progress(idleMember).path("periodEnd").asString()).isEqualTo("2032-01-01T00:00:00Z");
        clock.set(Instant.parse("2032-01-15T00:00:00Z"));
        runReview();
        var kept = progress(idleMember);
        assertThat(kept.path("tier").path("code").asString()).isEqualTo("GOLD");
        assertThat(kept.path("periodEnd").asString()).isEqualTo("2033-01-01T00:00:00Z");
        assertThat(kept.path("willDropTo").path("code").asString()).isEqualTo("BASE");
        assertThat(kept.path("dropsAt").asString()).isEqualTo("2033-01-15T00:00:00Z");
        assertThat(kept.path("toKeep").decimalValue()).isEqualByComparingTo("500");

        // in 2032 one of them buys a little: enough for Silver
        clock.set(Instant.parse("2032-02-01T09:00:00Z"));
        buy("R-" + unique(), light, "150.00");
        assertThat(progress(lightMember).path("willDropTo").path("code").asString()).isEqualTo("SILVER");

        clock.set(Instant.parse("2033-01-14T23:59:59Z"));
        runReview();
        assertThat(tierOf(idleMember)).as("not a second before the grace days are over").isEqualTo("GOLD");
        assertThat(tierOf(lightMember)).isEqualTo("GOLD");

        clock.set(Instant.parse("2033-01-15T00:00:00Z"));
        runReview();
        assertThat(tierOf(idleMember)).isEqualTo("BASE");
        assertThat(tierOf(lightMember)).isEqualTo("SILVER");
        assertThat(events.stream(TierChanged.class)
                .filter(e -> e.memberId() == idleMember && e.reason() == TierChanged.Reason.DOWNGRADE))
                .extracting(TierChanged::fromTier, TierChanged::toTier, TierChanged::reason, TierChanged::at)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GOLD", "BASE", TierChanged.Reason.DOWNGRADE,
                        Instant.parse("2033-01-15T00:00:00Z")));
        var base = progress(idleMember);
        assertThat(base.path("periodEnd").isNull()).isTrue();
        assertThat(base.path("nextTier").path("code").asString()).isEqualTo("SILVER");
        // Silver's review is at the end of 2033, on 2033's purchases
        assertThat(progress(lightMember).path("periodEnd").asString()).isEqualTo("2034-01-01T00:00:00Z");
    }

    @Test
    void aReturnBeforeThePeriodEndLowersTheMetricButTheTierHoldsUntilTheReview() throws Exception {
        clock.set(MARCH_2031);
        var card = "CARD-" + unique();
        long member = enroll(card);
        var receipt = "R-" + unique();
        long purchaseId = buy(receipt, card, "600.00").path("id").asLong();
        eventually(() -> tierOf(member).equals("GOLD"));

        clock.set(Instant.parse("2031-06-01T12:00:00Z"));
        returnAmount(receipt, "RET-" + unique(), "200.00", purchaseId);

        var afterReturn = progress(member);
        assertThat(afterReturn.path("tier").path("code").asString()).as("no downgrade at once").isEqualTo("GOLD");
        assertThat(afterReturn.path("value").decimalValue()).isEqualByComparingTo("400");
        assertThat(afterReturn.path("willDropTo").path("code").asString()).isEqualTo("SILVER");
        assertThat(afterReturn.path("dropsAt").asString()).isEqualTo("2032-01-15T00:00:00Z");
        assertThat(afterReturn.path("toKeep").decimalValue()).isEqualByComparingTo("100");

        clock.set(Instant.parse("2032-01-14T12:00:00Z"));
        runReview();
        assertThat(tierOf(member)).isEqualTo("GOLD");
        clock.set(Instant.parse("2032-01-15T00:00:00Z"));
        runReview();
        assertThat(tierOf(member)).isEqualTo("SILVER");
    }

    @Test
    void inARollingWindowTheTierDropsTheDayTheQualifyingPurchaseLeavesTheWindowPlusGrace() throws Exception {
        useProgram(Window.ROLLING_MONTHS, 12);
        clock.set(MARCH_2031);
        var card = "CARD-" + unique();
        long member = enroll(card);
        buy("R-" + unique(), card, "600.00");
        eventually(() -> tierOf(member).equals("GOLD"));
        var gold = progress(member);
        assertThat(gold.path("willDropTo").path("code").asString()).isEqualTo("BASE");
        // the purchase of 2031-03-10 is in the window up to 2032-03-10; from 2032-03-11 it is not
        var dropsAt = Instant.parse("2032-03-11T00:00:00Z").plus(Duration.ofDays(GRACE_DAYS));
        assertThat(gold.path("dropsAt").asString()).isEqualTo(dropsAt.toString());

        clock.set(dropsAt.minusSeconds(1));
        runReview();
        assertThat(tierOf(member)).isEqualTo("GOLD");
        clock.set(dropsAt);
        runReview();
        assertThat(tierOf(member)).isEqualTo("BASE");
    }

    @Test
    void aPurchaseDuringGraceThatReachesTheTierAgainKeepsIt() throws Exception {
        clock.set(MARCH_2031);
        var card = "CARD-" + unique();
        long member = enroll(card);
        buy("R-" + unique(), card, "600.00");
        eventually(() -> tierOf(member).equals("GOLD"));
        clock.set(Instant.parse("2032-01-15T00:00:00Z"));
        runReview();
        // 2032 passes without purchases; on 2033-01-05, inside the grace days, the member buys Gold's worth again
        clock.set(Instant.parse("2033-01-05T10:00:00Z"));
        buy("R-" + unique(), card, "500.00");
        eventually(() -> progress(member).path("periodEnd").asString().equals("2034-01-01T00:00:00Z"));
        clock.set(Instant.parse("2033-01-15T00:00:00Z"));
        runReview();
        assertThat(tierOf(member)).isEqualTo("GOLD");
    }
}
