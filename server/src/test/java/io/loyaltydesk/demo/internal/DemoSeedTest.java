package io.loyaltydesk.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.engagement.Challenges;
import io.loyaltydesk.engagement.EngagementTestSupportAccess;
import io.loyaltydesk.engagement.Referrals;
import io.loyaltydesk.ledger.ExpiryPolicy;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.LoyaltyDeskProperties;
import io.loyaltydesk.rewards.Coupon;
import io.loyaltydesk.rewards.Coupons;
import io.loyaltydesk.rewards.Redemption;
import io.loyaltydesk.rewards.Reward;
import io.loyaltydesk.rewards.RewardCatalog;
import io.loyaltydesk.rules.Rule;
import io.loyaltydesk.rules.RuleStatus;
import io.loyaltydesk.rules.Rules;
import io.loyaltydesk.staff.StaffDirectory;
import io.loyaltydesk.staff.Stores;
import io.loyaltydesk.tiers.Tier;
import io.loyaltydesk.tiers.TierProgram;
import io.loyaltydesk.tiers.Tiers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class DemoSeedTest extends IntegrationTest {

    @Autowired
    DemoSeed seedInContext;

    @Autowired
    LoyaltyDeskProperties properties;

    @Autowired
    DemoFields demoFields;

    @Autowired
    io.loyaltydesk.support.ConversationFields conversationFields;

    @Autowired
    Stores stores;

    @Autowired
    StaffDirectory staff;

    @Autowired
    Members members;

    @Autowired
    DemoActivity activity;

    @Autowired
    DemoProgram program;

    @Autowired
    DemoSupport support;

    @Autowired
    DemoPortalHelp portalHelp;

    @Autowired
    DemoEmail email;

    @Autowired
    DemoEngagement engagement;

    @Autowired
    DemoKnowledge knowledge;

    @Autowired
    DemoDeskSetup deskSetup;

    @Autowired
    Referrals referrals;

    @Autowired
    Challenges challenges;

    @Autowired
    io.loyaltydesk.knowledge.KnowledgeBase articles;

    @Autowired
    io.loyaltydesk.surveys.NpsSurveys nps;

    @Autowired
    Rules rules;

    @Autowired
    PointsLedger ledger;

    @Autowired
    Clock clock;

    @Autowired
    Tiers tiers;

    @Autowired
    RewardCatalog catalog;

    @Autowired
    Coupons coupons;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DemoPortal portal;

    @Autowired
    io.loyaltydesk.portal.PortalBranding branding;

    @Autowired
    io.loyaltydesk.messaging.Inbox inbox;

    /**
     * One test, as the chain can be seeded only once in the shared database. The ledger settings and the tier
     * program the seed sets are put back for the other tests; the demo rules apply only in the demo stores. Tiers
     * are program-wide: the seed keeps tiers it finds, so the tiers other tests left are removed first, as the
     * tier tests do themselves.
     */
    @Test
    void seedsTheChainAndItsYearOfPurchasesOnceAndNeverTwice() {
        var settings = ledger.settings();
        var tierProgram = tiers.program();
        int welcomePoints = branding.welcomePoints();
        var referralSettings = referrals.settings();
        jdbc.sql("delete from tiers").update();
        try {
            seedsOnceAndNeverTwice();
        } finally {
            branding.updateWelcomePoints(welcomePoints, "demo seed test done");
            ledger.updateSettings(settings, "demo seed test done");
            // the demo desk routes every new conversation and runs an SLA policy: not for the other tests
            jdbc.sql("delete from support_routing_rules").update();
            jdbc.sql("update support_agents set available = false").update();
            jdbc.sql("update support_sla_policies set is_default = false where is_default").update();
            jdbc.sql("delete from support_team_sla_policies").update();
            tiers.updateProgram(tierProgram, "demo seed test done");
            referrals.updateSettings(referralSettings, "demo seed test done");
            // the demo's contact reason is needed to solve: no other test fills it in
            jdbc.sql("update support_conversation_fields set active = false where field_key in "
                    + "('contact_reason', 'order_number', 'refund_approved', 'visit_date')").update();
            // the demo challenges would give their points to other tests' members
            EngagementTestSupportAccess.endRunningChallenges(challenges);
        }
    }

    private void seedsOnceAndNeverTwice() {
        assertThat(properties.demo().enabled()).as("demo mode is off in tests").isFalse();
        var seed = new DemoSeed(properties, stores, staff, members, activity, program, support, portal, portalHelp,
                email, engagement, knowledge, deskSetup, clock, demoFields);
        long before = demoMembers();

        long started = System.nanoTime();
        assertThat(seed.seed(20)).isTrue();
        System.out.println("Demo seed of 20 members took " + Duration.ofNanos(System.nanoTime() - started).toMillis()
                + " ms");

        assertThat(demoMembers() - before).isEqualTo(20);
        var reason = conversationFields.findByKey(DemoFields.MARKER).orElseThrow();
        assertThat(reason.requiredOnSolve()).isTrue();
        assertThat(jdbc.sql("select count(*) from conversation_field_values where field_id = :f")
                .param("f", reason.id()).query(Long.class).single()).as("demo conversations with a contact reason")
                .isGreaterThanOrEqualTo(5);
        var published = articles.list(new io.loyaltydesk.knowledge.KnowledgeBase.ArticleFilter(
                io.loyaltydesk.knowledge.Article.Status.PUBLISHED, null, null));
        assertThat(published.stream().filter(a -> a.locale() == io.loyaltydesk.knowledge.KnowledgeLocale.EN)
                .count()).isGreaterThanOrEqualTo(15);
        assertThat(published.stream().filter(a -> a.locale() == io.loyaltydesk.knowledge.KnowledgeLocale.DE)
                .count()).isGreaterThanOrEqualTo(3);
        var campaign = nps.all().stream().filter(c -> c.name().equals(DemoKnowledge.NPS_CAMPAIGN)).findFirst()
                .orElseThrow();
        assertThat(nps.results(campaign.id()).responses()).isPositive();
        assertThat(DemoSeed.STORES).allSatisfy(s -> assertThat(stores.byCode(s.code())).isPresent());
        assertThat(jdbc.sql("select count(*) from staff_accounts where username in ('manager','supervisor','agent','store','viewer')")
                .query(Long.class).single()).isEqualTo(5);
        var phones = jdbc.sql("""
                select i.value from member_identifiers i join members m on m.id = i.member_id
                 where m.enrolled_via = 'demo' and i.kind = 'PHONE'
                """).query(String.class).list();
        assertThat(phones).isNotEmpty().allSatisfy(p -> {
            var util = PhoneNumberUtil.getInstance();
            var number = util.parse(p, "DE");
            assertThat(util.isValidNumber(number)).as(p).isTrue();
            assertThat(util.getNumberType(number)).as(p).isEqualTo(PhoneNumberUtil.PhoneNumberType.MOBILE);
        });
        var enrolled = jdbc.sql("select created_at from members where enrolled_via = 'demo'")
                .query(Instant.class).list();
        assertThat(enrolled).allSatisfy(at -> assertThat(at)
                .isBetween(clock.instant().minus(Duration.ofDays(731)), clock.instant()));
        assertThat(jdbc.sql("select count(distinct created_at) from members where enrolled_via = 'demo'")
                .query(Long.class).single()).isGreaterThan(15);
        assertThat(jdbc.sql("""
                select count(*) from audit_log where action = 'member.enrolled' and actor_name = 'demo'
                   and actor_type = 'SYSTEM'
                """).query(Long.class).single()).isGreaterThanOrEqualTo(20);

        assertActivity();
        assertTiers();
        assertCatalog();
        assertPortal();
        assertPortalHelp();
        assertEngagement();

        // a restart, and the seed in the running application, add nothing
        long purchases = demoPurchases();
        long transfers = demoTransfers();
        int ruleCount = rules.all(null).size();
        int rewardCount = catalog.all(null, false, null, false).size();
        long redemptionCount = jdbc.sql("select count(*) from redemptions").query(Long.class).single();
        long couponUses = jdbc.sql("select count(*) from coupon_uses").query(Long.class).single();
        long claims = jdbc.sql("select count(*) from conversation_claims").query(Long.class).single();
        assertThat(seed.seed(20)).isFalse();
        assertThat(seedInContext.seed(300)).isFalse();
        assertThat(demoMembers() - before).isEqualTo(20);
        assertThat(demoPurchases()).isEqualTo(purchases);
        assertThat(demoTransfers()).isEqualTo(transfers);
        assertThat(rules.all(null)).hasSize(ruleCount);
        assertThat(tiers.all()).hasSize(4);
        assertThat(catalog.all(null, false, null, false)).hasSize(rewardCount);
        assertThat(jdbc.sql("select count(*) from redemptions").query(Long.class).single()).isEqualTo(redemptionCount);
        assertThat(jdbc.sql("select count(*) from coupon_uses").query(Long.class).single()).isEqualTo(couponUses);
        assertThat(ledger.reconcile().balanced()).isTrue();
        assertThat(jdbc.sql("select count(*) from conversation_claims").query(Long.class).single()).isEqualTo(claims);
    }

    /** Claims from the portal, most with their purchase waiting unassigned, one attached; portal tickets. */
    private void assertPortalHelp() {
        var demoClaims = jdbc.sql("""
                select c.purchase_id, (select count(*) from purchases p where p.external_id = c.receipt_number
                                           and p.member_id is null) as waiting
                  from conversation_claims c join members m on m.id = c.member_id where m.enrolled_via = 'demo'
                """).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
        assertThat(demoClaims).hasSize(5);
        assertThat(demoClaims).filteredOn(c -> c[0] != 0).hasSize(1);
        assertThat(demoClaims).filteredOn(c -> c[1] == 1).hasSize(3);
        assertThat(jdbc.sql("""
                select count(*) from conversations c join members m on m.id = c.member_id
                 where m.enrolled_via = 'demo' and c.channel = 'WEB_FORM'
                   and not exists (select 1 from conversation_claims k where k.conversation_id = c.id)
                   and exists (select 1 from audit_log a where a.entity_type = 'conversation'
                                 and a.entity_id = c.id::text and a.actor_type = 'MEMBER')
                """).query(Long.class).single()).isEqualTo(3);
    }

    /** The demo member can log in, and the purchases of their last days reached their inbox by the real triggers. */
    private void assertPortal() {
        var ids = jdbc.sql("""
                select l.member_id from member_logins l join members m on m.id = l.member_id
                 where m.enrolled_via = 'demo'
                """).query(Long.class).list();
        assertThat(ids).as("one demo member can log in").hasSize(1);
        var member = members.get(new io.loyaltydesk.members.MemberId(ids.getFirst()));
        assertThat(member.consented(io.loyaltydesk.members.Channel.EMAIL)).isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (inbox.page(member.id().value(), null, 50).items().stream()
                .filter(n -> n.kind().equals("points-earned")).count() < 2 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
        }
        assertThat(inbox.page(member.id().value(), null, 50).items())
                .filteredOn(n -> n.kind().equals("points-earned")).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(n -> assertThat(n.title()).matches("You earned \\d+ points|Sie haben \\d+ Punkte gesammelt"));
        assertThat(branding.welcomePoints()).isEqualTo(DemoPortal.WELCOME_POINTS);
    }

    private void assertEngagement() {
        assertThat(challenges.all()).extracting(c -> c.name())
                .contains("Regular", "Three weeks in a row", "Coffee lover", DemoEngagement.MARKER, "Winter champion");
        assertThat(engagement.badgesEarned()).as("the demo members' purchases earned badges").isPositive();
        var friends = jdbc.sql("select id from members where enrolled_via = 'demo-referral'").query(Long.class).list();
        assertThat(friends).hasSize(6).allSatisfy(id -> assertThat(referrals.find(id)).isPresent());
    }

    private void assertTiers() {
        assertThat(tiers.all()).extracting(Tier::code).containsExactly("BRONZE", "SILVER", "GOLD", "PLATINUM");
        assertThat(tiers.all()).allSatisfy(t -> assertThat(t.benefits()).isNotBlank())
                .extracting(Tier::colour).doesNotHaveDuplicates();
        var program = tiers.program();
        assertThat(program.metric()).isEqualTo(TierProgram.Metric.POINTS);
        assertThat(program.window()).isEqualTo(TierProgram.Window.ROLLING_MONTHS);
        assertThat(program.windowMonths()).isEqualTo(12);
        assertThat(program.graceDays()).isEqualTo(30);
        var tierRule = rules.all(RuleStatus.ACTIVE).stream()
                .filter(r -> DemoProgram.TIER_RULE.equals(r.definition().name())).toList();
        assertThat(tierRule).singleElement().satisfies(r -> assertThat(r.definition().condition())
                .isEqualTo("member.tier in ['GOLD', 'PLATINUM']"));

        // the tiers module upgraded the members as their purchases came in: they spread over the tiers
        var held = jdbc.sql("select id from members where enrolled_via = 'demo'").query(Long.class).list().stream()
                .map(id -> tiers.heldTier(new MemberId(id)).map(Tier::code).orElse("none"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        System.out.println("Demo members per tier: " + held);
        assertThat(held.keySet()).isSubsetOf("BRONZE", "SILVER", "GOLD", "PLATINUM").hasSizeGreaterThanOrEqualTo(3);
        assertThat(held.get("BRONZE")).isGreaterThan(held.getOrDefault("GOLD", 0L));
    }

    private void assertCatalog() {
        var names = DemoProgram.rewards(clock.instant(), List.of()).stream().map(r -> r.definition().name()).toList();
        Map<String, Reward> demo = catalog.all(null, false, null, false).stream()
                .filter(r -> names.contains(r.name())).collect(Collectors.toMap(Reward::name, r -> r));
        assertThat(demo).hasSize(20);
        assertThat(demo.values()).extracting(Reward::kind).containsAll(EnumSet.allOf(Reward.Kind.class));
        assertThat(demo.values()).extracting(Reward::valueBand).containsAll(EnumSet.allOf(Reward.ValueBand.class));
        assertThat(demo.values()).filteredOn(r -> r.visibility() == Reward.Visibility.TIER).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(r -> assertThat(r.tierCodes()).isSubsetOf("GOLD", "PLATINUM"));
        assertThat(demo.values()).filteredOn(r -> !r.unlimited() && r.stockLeft() == 0).isNotEmpty();
        assertThat(demo.values()).filteredOn(r -> !r.unlimited() && r.stockLeft() > 0 && r.stockLeft() <= 2)
                .isNotEmpty();
        assertThat(demo.values()).filteredOn(r -> r.validTo() != null).isNotEmpty();
        assertThat(demo.values()).filteredOn(r -> r.limitPerMember() != null).isNotEmpty();
        var imageSizes = new HashSet<String>();
        assertThat(demo.values()).allSatisfy(r -> {
            assertThat(r.hasImage()).as(r.name()).isTrue();
            var image = catalog.image(r.id()).orElseThrow();
            assertThat(image.contentType()).isEqualTo("image/png");
            imageSizes.add(size(image.bytes()));
        });
        assertThat(imageSizes).containsExactly("400x300");
        var pool = demo.values().stream().filter(r -> r.codeSource() == Reward.CodeSource.POOL).toList();
        assertThat(pool).singleElement().satisfies(r -> {
            assertThat(r.lowPool()).isTrue();
            assertThat(catalog.poolLeft(r.id())).isPositive().isLessThan(r.lowPoolThreshold());
        });

        var ids = demo.values().stream().map(Reward::id).toList();
        var states = jdbc.sql("select distinct status from redemptions where reward_id in (:ids)").param("ids", ids)
                .query(String.class).list();
        assertThat(states).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(Redemption.Status.class).stream()
                .map(Enum::name).toList());
        assertThat(jdbc.sql("""
                select count(*) from redemptions where reward_id in (:ids) and status = 'SHIPPED' and tracking is null
                """).param("ids", ids).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("""
                select count(*) from redemptions d join members m on m.id = d.member_id
                 where d.reward_id in (:ids) and m.enrolled_via <> 'demo'
                """).param("ids", ids).query(Long.class).single()).isZero();

        var demoCoupons = coupons.all().stream().filter(c -> List.of("WELCOME25", "DOUBLEUP").contains(c.code()))
                .collect(Collectors.toMap(Coupon::code, c -> c));
        assertThat(demoCoupons.get("WELCOME25").kind()).isEqualTo(Coupon.Kind.POINTS);
        assertThat(demoCoupons.get("WELCOME25").uses()).isPositive();
        assertThat(demoCoupons.get("DOUBLEUP").kind()).isEqualTo(Coupon.Kind.MULTIPLIER);
        assertThat(demoCoupons.get("DOUBLEUP").uses()).isPositive();
    }

    private static String size(byte[] png) {
        try {
            var image = ImageIO.read(new ByteArrayInputStream(png));
            return image.getWidth() + "x" + image.getHeight();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void assertActivity() {
        var demoRules = rules.all(null).stream()
                .filter(r -> r.definition().storeCodes().contains(DemoSeed.MARKER_STORE)).toList();
        assertThat(demoRules).extracting(r -> r.definition().name()).contains(DemoActivity.BASE_RULE,
                "2x points on coffee", "Welcome bonus: 50 points on the first purchase",
                "Every 10th visit: 100 bonus points", "Double points weekend");
        assertThat(demoRules).hasSize(8).filteredOn(r -> r.status() == RuleStatus.ACTIVE).hasSize(7);
        assertThat(demoRules).filteredOn(r -> r.status() == RuleStatus.PAUSED).extracting(Rule::definition)
                .extracting(d -> d.name()).containsExactly("Double points weekend");

        var settings = ledger.settings();
        assertThat(settings.pendingDays()).isEqualTo(14);
        assertThat(settings.expiryPolicy()).isEqualTo(ExpiryPolicy.MONTHS_AFTER_EARN);
        assertThat(settings.expiryMonths()).isEqualTo(12);
        assertThat(settings.pointValueMinor()).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(settings.adjustmentApprovalLimit()).isEqualTo(500);

        // purchases at the tills of the live stores, in opening hours, over a little more than a year
        assertThat(demoPurchases()).isBetween(100L, 1_000L);
        assertThat(jdbc.sql("select count(*) from purchases where source = 'demo-pos' and member_id is null")
                .query(Long.class).single()).isEqualTo(12);
        var times = jdbc.sql("select occurred_at from purchases where source = 'demo-pos'").query(Instant.class).list();
        assertThat(times).allSatisfy(at -> {
            assertThat(at).isBetween(clock.instant().minus(Duration.ofDays(DemoActivity.HISTORY_MONTHS * 31L)),
                    clock.instant());
            assertThat(ZonedDateTime.ofInstant(at, DemoActivity.ZONE).getHour()).isBetween(7, 18);
        });
        assertThat(jdbc.sql("select distinct store_code from purchases where source = 'demo-pos'")
                .query(String.class).list()).doesNotContain("MUC-SCHWABING").hasSizeGreaterThan(1);
        assertThat(jdbc.sql("""
                select distinct a.rule_name from purchase_awards a join purchases p on p.id = a.purchase_id
                 where p.source = 'demo-pos'
                """).query(String.class).list())
                .contains(DemoActivity.BASE_RULE, "2x points on coffee", "Welcome bonus: 50 points on the first purchase");
        assertThat(jdbc.sql("""
                select count(*) from purchase_returns r join purchases p on p.id = r.purchase_id
                 where p.source = 'demo-pos'
                """).query(Long.class).single()).isPositive();

        // the books are current: old points expired, the last two weeks' still pending, nothing overdue
        assertThat(demoLedger("select coalesce(sum(t.amount), 0) from ledger_transfers t", "t", "t.code = 'EXPIRE'"))
                .isPositive();
        assertThat(demoLedger("select coalesce(sum(l.remaining), 0) from ledger_lots l", "l", "not l.matured"))
                .isPositive();
        assertThat(demoLedger("select count(*) from ledger_lots l", "l",
                "l.remaining > 0 and (l.expires_at <= now() or (not l.matured and l.available_at <= now()))"))
                .isZero();
        assertThat(jdbc.sql("select id from members where enrolled_via = 'demo' and status = 'ACTIVE'")
                .query(Long.class).list()).allSatisfy(id -> assertThat(ledger.balance(id).available())
                        .isNotNegative());

        // redemptions at the till and staff adjustments, one waiting for a second person
        assertThat(demoLedger("select count(*) from ledger_reservations r", "r", "r.status = 'CONFIRMED'"))
                .isPositive();
        assertThat(demoLedger("select count(*) from ledger_reservations r", "r", "r.status = 'CANCELLED'"))
                .isPositive();
        assertThat(demoLedger("select count(*) from ledger_adjustments r", "r",
                "r.status = 'APPLIED' and r.requested_by = 'demo'")).isGreaterThanOrEqualTo(3);
        assertThat(demoLedger("select count(*) from ledger_adjustments r", "r",
                "r.status = 'PENDING_APPROVAL' and r.amount > 500 and r.requested_by = 'demo'")).isEqualTo(1);
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    /** A sum or count over ledger rows ({@code alias}) of demo members. */
    private long demoLedger(String select, String alias, String where) {
        return jdbc.sql(select + " join members m on m.id = " + alias + ".member_id where m.enrolled_via = 'demo' and "
                + where).query(Long.class).single();
    }

    private long demoPurchases() {
        return jdbc.sql("select count(*) from purchases where source = 'demo-pos'").query(Long.class).single();
    }

    private long demoTransfers() {
        return demoLedger("select count(*) from ledger_transfers t", "t", "true");
    }

    private long demoMembers() {
        return jdbc.sql("select count(*) from members where enrolled_via = 'demo'").query(Long.class).single();
    }
}
