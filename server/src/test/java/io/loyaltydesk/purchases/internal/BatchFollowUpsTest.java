package io.loyaltydesk.purchases.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.engagement.BadgeIcon;
import io.loyaltydesk.engagement.Challenge;
import io.loyaltydesk.engagement.ChallengeDefinition;
import io.loyaltydesk.engagement.ChallengeKind;
import io.loyaltydesk.engagement.Challenges;
import io.loyaltydesk.engagement.ReferralSettings;
import io.loyaltydesk.engagement.Referrals;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.purchases.PurchaseRecorded;
import io.loyaltydesk.rewards.Coupon;
import io.loyaltydesk.rewards.Coupons;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.tiers.TierChanged;
import io.loyaltydesk.tiers.TierDefinition;
import io.loyaltydesk.tiers.TierProgram;
import io.loyaltydesk.tiers.TierProgram.Metric;
import io.loyaltydesk.tiers.TierProgram.Window;
import io.loyaltydesk.tiers.Tiers;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch's follow-ups run set-based (a few statements for all purchases), and must leave exactly what the same
 * purchases delivered one at a time leave: tier activity and upgrades (a member passing two tiers in one batch
 * moves up twice), challenge progress and badges, multiplier coupons, referrals and the points-earned notices.
 * Two identical groups of members get the same purchases, one group as one batch and the other purchase by
 * purchase, on the real database; then every member's state is compared with their twin's.
 */
@RecordApplicationEvents
class BatchFollowUpsTest extends IntegrationTest {

    @Autowired
    PurchaseFollowUps followUps;
    @Autowired
    Tiers tiers;
    @Autowired
    Challenges challenges;
    @Autowired
    Referrals referrals;
    @Autowired
    Coupons coupons;
    @Autowired
    PointsLedger ledger;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;
    @Autowired
    ApplicationEvents events;

    private ReferralSettings settingsBefore;
    private final List<Long> challengeIds = new ArrayList<>();
    private String category;
    private String couponCode;
    private Instant start;

    @BeforeEach
    void tiersChallengesACouponAndReferrals() {
        var zone = tiers.zone();
        start = LocalDate.now(zone).atTime(9, 0).atZone(zone).toInstant();
        clock.set(start);
        jdbc.sql("delete from tiers").update();
        tiers.updateProgram(new TierProgram(Metric.SPEND, Window.CALENDAR_YEAR, 12, 14), "test setup");
        tiers.create(new TierDefinition("BASE", "Member", 0, "#8A8F98", "Points", null, BigDecimal.ZERO));
        tiers.create(new TierDefinition("SILVER", "Silver", 1, "#A7B1BC", "Coffee", null, new BigDecimal("100")));
        tiers.create(new TierDefinition("GOLD", "Gold", 2, "#C9A227", "More", null, new BigDecimal("500")));
        category = "BATCH" + unique();
        var today = LocalDate.ofInstant(start, zone);
        challengeIds.add(challenges.create(new ChallengeDefinition("Batch spend " + category, null, BadgeIcon.CUP,
                ChallengeKind.CATEGORY_SPEND, new BigDecimal("30"), category, today.minusDays(1), null, 25)).id());
        challengeIds.add(challenges.create(new ChallengeDefinition("Batch visits " + category, null, BadgeIcon.STAR,
                ChallengeKind.VISITS, new BigDecimal("2"), null, today.minusDays(1), null, 10)).id());
        couponCode = "BX" + unique();
        coupons.create(new Coupons.CouponDefinition(couponCode, "Double points", Coupon.Kind.MULTIPLIER, null,
                new BigDecimal("2"), null, null, null));
        settingsBefore = referrals.settings();
        referrals.updateSettings(new ReferralSettings(true, 100, 50, new BigDecimal("10.00"), 30, 5), "test setup");
    }

    @AfterEach
    void restore() {
        clock.set(Instant.now());
        referrals.updateSettings(settingsBefore, "test teardown");
        // challenges are program-wide: ended long ago, they award nothing to other tests' members
        var longAgo = LocalDate.of(2000, 1, 1);
        for (long id : challengeIds) {
            var c = challenges.get(id);
            challenges.update(id, new ChallengeDefinition(c.name(), c.description(), c.icon(), c.kind(), c.target(),
                    c.category(), longAgo, longAgo, c.rewardPoints()), "test done");
        }
    }

    /** One group of members and what they buy; built twice, the same way. */
    private final class Group {
        final long referrer;
        final long climber;
        final long small;
        final long silent;
        final long zero;
        final List<PurchaseRecorded> purchases = new ArrayList<>();

        Group() throws Exception {
            referrer = enroll(true);
            climber = enroll(true);
            small = enroll(true);
            silent = enroll(false);
            zero = enroll(true);
            Actor.callAs(Actor.system("test"), () -> {
                coupons.use(climber, couponCode);
                return referrals.join(climber, referrals.codeOf(referrer));
            });
            // the climber passes Silver and then Gold, completes both challenges, uses the coupon and qualifies
            // the referral, all within the one batch
            buy(climber, "60.00", "20.00", 60);
            buy(climber, "50.00", "15.00", 50);
            buy(climber, "450.00", null, 450);
            buy(small, "5.00", "5.00", 5);
            buy(silent, "120.00", "31.00", 120);
            buy(zero, "3.00", null, 0);
            buy(zero, "7.00", null, 7);
        }

        private void buy(long member, String total, String inCategory, long points) {
            var spend = inCategory == null ? Map.of("BAKERY", new BigDecimal(total))
                    : Map.of(category, new BigDecimal(inCategory), "BAKERY",
                            new BigDecimal(total).subtract(new BigDecimal(inCategory)));
            purchases.add(new PurchaseRecorded(1_000_000_000_000L + unique(), member,
                    start.plus(Duration.ofMinutes(purchases.size() + 1)), new BigDecimal(total), "EUR", "S1", points,
                    spend));
        }

        List<Long> members() {
            return List.of(referrer, climber, small, silent, zero);
        }
    }

    @Test
    void aBatchLeavesWhatItsPurchasesLeaveOneByOne() throws Exception {
        var batch = new Group();
        var single = new Group();
        awaitListeners();
        clock.set(start.plus(Duration.ofHours(1)));

        var shuffled = new ArrayList<>(batch.purchases);
        Collections.shuffle(shuffled);
        assertThat(followUps.followUpAll(shuffled)).isEmpty();
        for (var purchase : single.purchases) {
            assertThat(followUps.followUpAll(List.of(purchase))).isEmpty();
        }
        awaitListeners();

        for (int i = 0; i < batch.members().size(); i++) {
            assertThat(state(batch.members().get(i), batch.purchases))
                    .as("member %d of the group", i)
                    .isEqualTo(state(single.members().get(i), single.purchases));
        }
        // the scenario did what it should, so the comparison compared something
        var climber = state(batch.climber, batch.purchases);
        assertThat(climber.get("tier")).isEqualTo(List.of("GOLD"));
        assertThat(climber.get("upgrades")).isEqualTo(List.of("BASE>SILVER", "SILVER>GOLD"));
        assertThat(climber.get("badges")).hasSize(2);
        assertThat(climber.get("coupons")).isEqualTo(List.of("USED 60 #0"));
        assertThat(climber.get("referral")).isEqualTo(List.of("QUALIFIED 100 50 #0"));
        assertThat(climber.get("notices")).filteredOn(n -> ((String) n).startsWith("points-earned:")).hasSize(3);
        assertThat(climber.get("notices")).filteredOn(n -> ((String) n).startsWith("tier-up:")).hasSize(2);
        assertThat(climber.get("emails")).hasSameSizeAs(climber.get("notices"));
        assertThat(state(batch.referrer, batch.purchases).get("points")).isEqualTo(List.of(100L));
        assertThat(climber.get("points")).isEqualTo(List.of(60L + 25 + 10 + 50));
        var zero = state(batch.zero, batch.purchases);
        assertThat(zero.get("notices")).as("no notice for a purchase that earned nothing")
                .filteredOn(n -> ((String) n).startsWith("points-earned:")).hasSize(1);
        assertThat(state(batch.silent, batch.purchases).get("emails")).as("no consent").isEmpty();

        // delivered again (the outbox retries), the batch changes nothing
        var before = new HashMap<Long, Map<String, List<Object>>>();
        batch.members().forEach(m -> before.put(m, state(m, batch.purchases)));
        assertThat(followUps.followUpAll(batch.purchases)).isEmpty();
        awaitListeners();
        batch.members().forEach(m -> assertThat(state(m, batch.purchases)).isEqualTo(before.get(m)));
    }

    /** What the follow-ups left for a member, with purchase ids replaced by their position in the group. */
    private Map<String, List<Object>> state(long member, List<PurchaseRecorded> purchases) {
        var position = new HashMap<Long, Integer>();
        purchases.stream().filter(p -> p.memberId() == member).forEach(p -> position.put(p.purchaseId(), position.size()));
        var state = new TreeMap<String, List<Object>>();
        state.put("tier", list("select tier_code from tier_memberships where member_id = :m", member));
        state.put("tierRow", list("select qualified_at::text || ' ' || coalesce(period_end::text, '-')"
                + " from tier_memberships where member_id = :m", member));
        state.put("activity", list("select count(*) || ' ' || coalesce(sum(spend), 0) || ' ' || coalesce(sum(points), 0)"
                + " || ' ' || coalesce(sum(visits), 0) from tier_activity where member_id = :m", member));
        state.put("upgrades", new ArrayList<>(events.stream(TierChanged.class).filter(e -> e.memberId() == member)
                .map(e -> e.fromTier() + ">" + e.toTier()).toList()));
        state.put("engagement", list("select count(*) || ' ' || coalesce(sum(total_amount), 0)"
                + " from engagement_purchases where member_id = :m", member));
        state.put("categories", list("select category || ' ' || amount from engagement_purchase_categories"
                + " where member_id = :m order by category, amount", member));
        state.put("badges", list("select c.name || ' ' || e.earned_at || ' ' || e.points_awarded from earned_badges e"
                + " join challenges c on c.id = e.challenge_id where e.member_id = :m order by c.name", member));
        state.put("coupons", new ArrayList<>(jdbc.sql("""
                select status, points, purchase_id from coupon_uses where member_id = :m order by coupon_id
                """).param("m", member).query((rs, n) -> rs.getString(1) + " " + rs.getLong(2) + " #"
                        + position.get(rs.getLong(3))).list()));
        state.put("referral", new ArrayList<>(jdbc.sql("""
                select status, referrer_points, referred_points, purchase_id from referrals where member_id = :m
                """).param("m", member).query((rs, n) -> rs.getString(1) + " " + rs.getLong(2) + " " + rs.getLong(3)
                        + " #" + position.get(rs.getLong(4))).list()));
        state.put("points", List.<Object>of(ledger.balance(member).lifetimeEarned()));
        // the texts name the member's number and the purchase, and emails carry the member's unsubscribe link
        var number = jdbc.sql("select member_number from members where id = :m").param("m", member)
                .query(String.class).single();
        java.util.function.UnaryOperator<String> same = text -> {
            var masked = text.replace(number, "<number>").replaceAll("\\?t=[^\\s\"<]+", "?t=<token>");
            for (var p : position.entrySet()) {
                masked = masked.replace(Long.toString(p.getKey()), "#" + p.getValue());
            }
            return masked;
        };
        state.put("notices", new ArrayList<>(jdbc.sql("""
                select kind, title, body, link from member_notifications where member_id = :m
                """).param("m", member).query((rs, n) -> same.apply(rs.getString(1) + ": " + rs.getString(2) + " / "
                        + rs.getString(3) + " / " + rs.getString(4))).list().stream().sorted().toList()));
        state.put("emails", new ArrayList<>(jdbc.sql("""
                select subject, body_text, body_html, status from message_outbox where member_id = :m
                """).param("m", member).query((rs, n) -> same.apply(rs.getString(1) + " / " + rs.getString(2) + " / "
                        + rs.getString(3) + " / " + rs.getString(4))).list().stream().sorted().toList()));
        return state;
    }

    private List<Object> list(String sql, long member) {
        return new ArrayList<>(jdbc.sql(sql).param("m", member).query((rs, n) -> rs.getObject(1)).list());
    }

    private long enroll(boolean emailConsent) throws Exception {
        var body = json.createObjectNode().put("firstName", "Batch").put("cardNumber", "CARD-" + unique())
                .put("email", uniqueEmail());
        body.putObject("consents").put("EMAIL", emailConsent);
        var result = mvc.perform(post("/api/v1/members").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                .content(body.toString())).andExpect(status().isCreated()).andReturn();
        return json.readTree(result.getResponse().getContentAsString()).path("id").asLong();
    }

    /** Waits until the outbox holds no incomplete publication (the welcome and tier messages are written). */
    private void awaitListeners() throws InterruptedException {
        var until = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(until)) {
            Thread.sleep(100);
            long open = jdbc.sql("select count(*) from event_publication where completion_date is null")
                    .query(Long.class).single();
            if (open == 0) {
                return;
            }
        }
        throw new AssertionError("listeners did not finish");
    }
}
