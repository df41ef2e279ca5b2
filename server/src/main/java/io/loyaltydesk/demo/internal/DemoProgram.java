package io.loyaltydesk.demo.internal;

import io.loyaltydesk.demo.internal.DemoImages.Motif;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.MemberStatus;
import io.loyaltydesk.rewards.Coupon;
import io.loyaltydesk.rewards.Coupons;
import io.loyaltydesk.rewards.Coupons.CouponDefinition;
import io.loyaltydesk.rewards.Redemption;
import io.loyaltydesk.rewards.Redemptions;
import io.loyaltydesk.rewards.Reward;
import io.loyaltydesk.rewards.Reward.CodeSource;
import io.loyaltydesk.rewards.Reward.Kind;
import io.loyaltydesk.rewards.Reward.ValueBand;
import io.loyaltydesk.rewards.Reward.Visibility;
import io.loyaltydesk.rewards.RewardCatalog;
import io.loyaltydesk.rewards.RewardDefinition;
import io.loyaltydesk.rewards.Vouchers;
import io.loyaltydesk.rules.RuleDefinition;
import io.loyaltydesk.rules.RuleDefinition.Effect;
import io.loyaltydesk.rules.RuleDefinition.Rounding;
import io.loyaltydesk.rules.RuleDefinition.RuleKind;
import io.loyaltydesk.rules.RuleStatus;
import io.loyaltydesk.rules.Rules;
import io.loyaltydesk.staff.Store;
import io.loyaltydesk.staff.Stores;
import io.loyaltydesk.tiers.Tier;
import io.loyaltydesk.tiers.TierDefinition;
import io.loyaltydesk.tiers.TierProgram;
import io.loyaltydesk.tiers.TierProgram.Metric;
import io.loyaltydesk.tiers.TierProgram.Window;
import io.loyaltydesk.tiers.Tiers;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo chain's loyalty program on top of its purchases: four tiers (with the 1.5x points rule for the top
 * two), a reward catalog of 20 rewards with drawn pictures, redemptions in every state and two coupons. All
 * through the public APIs of the tiers, rules, rewards and ledger modules; the caller runs it as the actor
 * {@code demo}.
 *
 * <p>Two steps with a marker each: the tiers ({@link #TIER_RULE}) come before the purchases, so that the tiers
 * module upgrades the members as their purchases come in; the catalog ({@link #CATALOG_MARKER}) after them, as it
 * spends the points they earned.
 */
@Component
class DemoProgram {

    static final String TIER_RULE = "Gold and Platinum: 1.5x points";
    static final String CATALOG_MARKER = "Morgenrot tote bag";
    static final String WELCOME_GIFT = "Demo: welcome gift";
    static final long RANDOM_SEED = DemoSeed.RANDOM_SEED + 2;
    static final int POOL_CODES = 20;
    static final int POOL_THRESHOLD = 25;

    private static final Logger log = LoggerFactory.getLogger(DemoProgram.class);
    private static final Duration TIERS_WAIT_MAX = Duration.ofSeconds(60);

    /**
     * Thresholds in points earned over the last 12 months: with the demo's purchases about 60% of the members
     * stay Bronze, a quarter reach Silver, an eighth Gold and a few regulars Platinum.
     */
    static final List<TierDefinition> TIERS = List.of(
            new TierDefinition("BRONZE", "Bronze", 0, "#A86B3C", """
                    1 point per euro, 2 on coffee. Free oat milk or soy milk in every drink. A little surprise in \
                    your birthday month.""", null, BigDecimal.ZERO),
            new TierDefinition("SILVER", "Silver", 1, "#9AA4AF", """
                    Everything in Bronze, plus a birthday cake slice on us and a free extra shot in any drink.""",
                    null, new BigDecimal("150")),
            new TierDefinition("GOLD", "Gold", 2, "#C9A227", """
                    Everything in Silver, plus 1.5x points on every purchase, free refills of filter coffee and the \
                    members-only rewards.""", new BigDecimal("1.5"), new BigDecimal("350")),
            new TierDefinition("PLATINUM", "Platinum", 3, "#4F5B66", """
                    Everything in Gold, plus priority support, a free sourdough loaf every month and invitations to \
                    tastings with our bakers and roasters.""", new BigDecimal("1.5"), new BigDecimal("1000")));

    /** A catalog entry with its picture. */
    record DemoReward(RewardDefinition definition, Motif motif, int background, int shape) {
    }

    /** What the catalog step seeded. */
    record Result(int rewards, int images, int codesImported, Map<Redemption.Status, Integer> redemptions,
            int couponUses, int welcomeGifts) {
    }

    private final Tiers tiers;
    private final Rules rules;
    private final RewardCatalog catalog;
    private final Redemptions redemptions;
    private final Vouchers vouchers;
    private final Coupons coupons;
    private final PointsLedger ledger;
    private final Stores stores;
    private final JdbcClient jdbc;
    private final Clock clock;

    DemoProgram(Tiers tiers, Rules rules, RewardCatalog catalog, Redemptions redemptions, Vouchers vouchers,
            Coupons coupons, PointsLedger ledger, Stores stores, JdbcClient jdbc, Clock clock) {
        this.tiers = tiers;
        this.rules = rules;
        this.catalog = catalog;
        this.redemptions = redemptions;
        this.vouchers = vouchers;
        this.coupons = coupons;
        this.ledger = ledger;
        this.stores = stores;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    // ---- tiers

    /** Whether an earlier start seeded the tiers (the tier points rule exists, in any state). */
    boolean tiersSeeded() {
        return rules.all(null).stream().anyMatch(r -> TIER_RULE.equals(r.definition().name()));
    }

    /**
     * The program setting and the four tiers (unless someone defined tiers already; those are kept), and the
     * 1.5x rule for Gold and Platinum. Returns the number of tiers created.
     */
    int seedTiers(List<String> live) {
        int created = 0;
        if (tiers.all().isEmpty()) {
            tiers.updateProgram(new TierProgram(Metric.POINTS, Window.ROLLING_MONTHS, 12, 30),
                    "Demo: tiers on the points of the last 12 months, 30 days of grace");
            for (var tier : TIERS) {
                tiers.create(tier);
                created++;
            }
        } else {
            log.info("Tiers exist already ({}); the demo keeps them", tiers.all().stream().map(Tier::code).toList());
        }
        // from now on: the purchases of the last year are recorded while the members move up, so a rule that
        // applied to them would depend on how fast the tiers module keeps up; from today it is the same every time
        rules.create(new RuleDefinition(TIER_RULE, """
                Gold and Platinum members earn one and a half times the base points on every purchase (a 10 EUR \
                order earns 15 points instead of 10). Started with the tier program.""",
                RuleKind.CUSTOM, "member.tier in ['GOLD', 'PLATINUM']", Effect.multiplier("1.5", Rounding.FLOOR),
                null, clock.instant(), null, null, null, live, 10, true, null), RuleStatus.ACTIVE);
        return created;
    }

    /**
     * Waits until the tiers have counted the purchases (the purchases' follow-ups) and returns published since
     * {@code since}.
     */
    void awaitTierListener(Instant since) {
        DemoListeners.await(jdbc, since, TIERS_WAIT_MAX, "tier activity", "io.loyaltydesk.tiers.",
                "io.loyaltydesk.purchases.");
    }

    /** How many of the members hold each tier, lowest first. */
    Map<String, Integer> tierCounts(List<Member> members) {
        var counts = new LinkedHashMap<String, Integer>();
        tiers.all().forEach(t -> counts.put(t.code(), 0));
        for (var member : members) {
            tiers.heldTier(member.id()).ifPresent(t -> counts.merge(t.code(), 1, Integer::sum));
        }
        return counts;
    }

    // ---- the catalog

    /** Whether an earlier start seeded the catalog (a reward with the marker's name exists). */
    boolean catalogSeeded() {
        return catalog.all(null, false, null, false).stream().anyMatch(r -> CATALOG_MARKER.equals(r.name()));
    }

    static List<DemoReward> rewards(Instant now, List<String> live) {
        var inAWeek = now.plus(Duration.ofDays(7));
        var lastMonth = now.minus(Duration.ofDays(30));
        var inTwoMonths = now.plus(Duration.ofDays(60));
        var inThreeMonths = now.plus(Duration.ofDays(90));
        return List.of(
                // voucher codes
                code("Online shop voucher: 5 EUR", "A code for 5 EUR off beans, mugs and gift boxes in the Morgenrot "
                        + "online shop. One code per order.", Kind.VOUCHER_CODE, ValueBand.MEDIUM, 500, null, 2,
                        CodeSource.POOL, 90, null, Motif.BAG, 0x2A9D8F, 0xFFF3E0),
                code("Free hot drink of your choice", "Any coffee, tea or hot chocolate in any size, with the milk you "
                        + "like.", Kind.VOUCHER_CODE, ValueBand.LOW, 300, null, null, CodeSource.GENERATED, 30, live,
                        Motif.CUP, 0x6F4E37, 0xFFE8C2),
                code("Breakfast for two", "Two hot drinks and two pastries at the table, any morning until 11:00.",
                        Kind.VOUCHER_CODE, ValueBand.MEDIUM, 900, null, 2, CodeSource.GENERATED, 60, live,
                        Motif.CROISSANT, 0xE9C46A, 0x7A4A1E),
                tierOnly(code("Coffee tasting for two with our roaster", "An hour at the roastery in Kreuzberg: "
                        + "three origins, two brewing methods, one bag of beans to take home.", Kind.VOUCHER_CODE,
                        ValueBand.HIGH, 2500, 12, 1, CodeSource.GENERATED, 60, null, Motif.BEAN, 0x264653, 0xE9C46A),
                        List.of("GOLD", "PLATINUM"), now.minus(Duration.ofDays(7)), inThreeMonths),
                // in-store items
                code("Free croissant", "A butter croissant fresh from the oven.", Kind.IN_STORE_ITEM, ValueBand.LOW,
                        220, null, null, CodeSource.GENERATED, 30, live, Motif.CROISSANT, 0xF4A261, 0x8A4B12),
                code("Slice of cheesecake", "Our baked cheesecake with a buttery crust.", Kind.IN_STORE_ITEM,
                        ValueBand.LOW, 380, null, null, CodeSource.GENERATED, 30, live, Motif.CAKE, 0xF6D7B0,
                        0xB5651D),
                code("Sourdough loaf", "A 1 kg sourdough loaf, baked overnight.", Kind.IN_STORE_ITEM,
                        ValueBand.MEDIUM, 500, null, 4, CodeSource.GENERATED, 30, live, Motif.LOAF, 0xC9A66B,
                        0x5C3A1E),
                window(code("Plum cake slice (autumn special)", "Plum cake with streusel, while the season lasts.",
                        Kind.IN_STORE_ITEM, ValueBand.LOW, 340, null, null, CodeSource.GENERATED, 14, live,
                        Motif.CAKE, 0x7B2D55, 0xF2C6DE), lastMonth, inTwoMonths),
                tierOnly(code("Whole celebration cake", "A whole cake for up to 12 people, ordered three days ahead "
                        + "and picked up in your store.", Kind.IN_STORE_ITEM, ValueBand.HIGH, 3000, 4, 1,
                        CodeSource.GENERATED, 90, live, Motif.GIFT, 0x5B4B8A, 0xF7D6E0), List.of("PLATINUM"), null,
                        null),
                // shipped items
                shipped(CATALOG_MARKER, "Organic cotton tote with the Morgenrot sunrise.", ValueBand.MEDIUM, 800, 40,
                        2, Motif.BAG, 0xE76F51, 0xFFF1E6),
                shipped("Morgenrot enamel mug", "The white enamel mug from our counters, 350 ml. Last few left.",
                        ValueBand.MEDIUM, 1200, 3, 1, Motif.CUP, 0x457B9D, 0xF1FAEE),
                shipped("House blend coffee beans, 500 g", "Our house blend, roasted this week, whole beans.",
                        ValueBand.MEDIUM, 1500, 60, null, Motif.BEAN, 0x3D2B1F, 0xD9A066),
                tierOnly(shipped("Ceramic pour-over set", "Hand-made dripper and jug from a Berlin pottery, with 100 "
                        + "filters.", ValueBand.HIGH, 4000, 10, 1, Motif.CUP, 0x1D3557, 0xA8DADC),
                        List.of("GOLD", "PLATINUM"), null, null),
                window(shipped("Christmas stollen gift box", "Butter stollen with marzipan in a gift box, shipped in "
                        + "December. Sold out for this year.", ValueBand.MEDIUM, 1000, 0, 1, Motif.GIFT, 0xB23A48,
                        0xFCEFD4), now.minus(Duration.ofDays(21)), inAWeek.plus(Duration.ofDays(30))),
                // points to money
                discount("2 EUR off your basket", 200, 200, ValueBand.LOW, live),
                discount("5 EUR off your basket", 500, 500, ValueBand.MEDIUM, live),
                discount("10 EUR off your basket", 1000, 1000, ValueBand.HIGH, live),
                // donations
                donation("Donate 5 EUR to the local food bank", "We give 5 EUR to the food bank of your city; the "
                        + "bread we do not sell goes there too.", ValueBand.LOW, 500, Motif.HEART, 0xE63946, 0xFFE5E8),
                donation("Plant a tree with our reforestation partner", "One tree planted in a mixed forest project "
                        + "in Brandenburg.", ValueBand.LOW, 300, Motif.LEAF, 0x2D6A4F, 0xB7E4C7),
                donation("Donate 20 EUR to a school breakfast club", "Pays for a week of breakfast for a class at a "
                        + "school breakfast club.", ValueBand.HIGH, 2000, Motif.HEART, 0xF28482, 0x7D1D3F));
    }

    private static DemoReward code(String name, String description, Kind kind, ValueBand band, long cost,
            Integer stock, Integer limit, CodeSource source, Integer validDays, List<String> storeCodes, Motif motif,
            int background, int shape) {
        return new DemoReward(new RewardDefinition(name, description, kind, band, cost, Visibility.PUBLIC, null, null,
                Reward.Status.ACTIVE, null, null, stock, limit, null, null, source, null, null, validDays, 1,
                storeCodes, source == CodeSource.POOL ? POOL_THRESHOLD : null), motif, background, shape);
    }

    private static DemoReward shipped(String name, String description, ValueBand band, long cost, Integer stock,
            Integer limit, Motif motif, int background, int shape) {
        return new DemoReward(new RewardDefinition(name, description, Kind.SHIPPED_ITEM, band, cost,
                Visibility.PUBLIC, null, null, Reward.Status.ACTIVE, null, null, stock, limit, null, null, null, null, null,
                null, null, null, null), motif, background, shape);
    }

    private static DemoReward discount(String name, long cost, long cents, ValueBand band, List<String> live) {
        return new DemoReward(new RewardDefinition(name, "Show the code at the till: " + cents / 100 + " EUR off "
                + "a purchase of at least that much. Not together with other discounts.", Kind.POINTS_DISCOUNT,
                band, cost, Visibility.PUBLIC, null, null, Reward.Status.ACTIVE, null, null, null, null, cents, "EUR",
                CodeSource.GENERATED, null, null, 30, 1, live, null), Motif.PERCENT, 0x8AB17D, 0x1F3A24);
    }

    private static DemoReward donation(String name, String description, ValueBand band, long cost, Motif motif,
            int background, int shape) {
        return new DemoReward(new RewardDefinition(name, description, Kind.CHARITY_DONATION, band, cost,
                Visibility.PUBLIC, null, null, Reward.Status.ACTIVE, null, null, null, null, null, null, null, null, null,
                null, null, null, null), motif, background, shape);
    }

    private static DemoReward tierOnly(DemoReward reward, List<String> tierCodes, Instant from, Instant to) {
        var d = reward.definition();
        return new DemoReward(new RewardDefinition(d.name(), d.description() + " Only for "
                + String.join(" and ", tierCodes.stream().map(DemoProgram::titleCase).toList()) + " members.",
                d.kind(), d.valueBand(), d.costPoints(), Visibility.TIER, tierCodes, null, d.status(), from, to, d.stock(),
                d.limitPerMember(), d.discountMinor(), d.currency(), d.codeSource(), d.codeLength(), d.codeAlphabet(),
                d.codeValidDays(), d.codeUsesMax(), d.storeCodes(), d.lowPoolThreshold()), reward.motif(),
                reward.background(), reward.shape());
    }

    private static DemoReward window(DemoReward reward, Instant from, Instant to) {
        var d = reward.definition();
        return new DemoReward(new RewardDefinition(d.name(), d.description(), d.kind(), d.valueBand(),
                d.costPoints(), d.visibility(), d.tierCodes(), d.segmentCodes(), d.status(), from, to, d.stock(),
                d.limitPerMember(),
                d.discountMinor(), d.currency(), d.codeSource(), d.codeLength(), d.codeAlphabet(), d.codeValidDays(),
                d.codeUsesMax(), d.storeCodes(), d.lowPoolThreshold()), reward.motif(), reward.background(),
                reward.shape());
    }

    /**
     * Which redemptions to make, by reward name, and the state each ends in. Shipped items walk through their
     * fulfillment; codes are used at a till or not; two redemptions are cancelled.
     */
    private static final List<Map.Entry<String, Redemption.Status>> PLAN = List.of(
            Map.entry("Free hot drink of your choice", Redemption.Status.USED),
            Map.entry("Free hot drink of your choice", Redemption.Status.USED),
            Map.entry("Free hot drink of your choice", Redemption.Status.ISSUED),
            Map.entry("Breakfast for two", Redemption.Status.ISSUED),
            Map.entry("Breakfast for two", Redemption.Status.CANCELLED),
            Map.entry("Online shop voucher: 5 EUR", Redemption.Status.USED),
            Map.entry("Online shop voucher: 5 EUR", Redemption.Status.ISSUED),
            Map.entry("Online shop voucher: 5 EUR", Redemption.Status.ISSUED),
            Map.entry("Free croissant", Redemption.Status.USED),
            Map.entry("Free croissant", Redemption.Status.USED),
            Map.entry("Free croissant", Redemption.Status.ISSUED),
            Map.entry("Slice of cheesecake", Redemption.Status.ISSUED),
            Map.entry("Sourdough loaf", Redemption.Status.USED),
            Map.entry("Plum cake slice (autumn special)", Redemption.Status.ISSUED),
            Map.entry(CATALOG_MARKER, Redemption.Status.DELIVERED),
            Map.entry(CATALOG_MARKER, Redemption.Status.SHIPPED),
            Map.entry(CATALOG_MARKER, Redemption.Status.RETURNED),
            Map.entry(CATALOG_MARKER, Redemption.Status.REQUESTED),
            Map.entry("Morgenrot enamel mug", Redemption.Status.DELIVERED),
            Map.entry("Morgenrot enamel mug", Redemption.Status.PACKED),
            Map.entry("House blend coffee beans, 500 g", Redemption.Status.REQUESTED),
            Map.entry("House blend coffee beans, 500 g", Redemption.Status.PACKED),
            Map.entry("House blend coffee beans, 500 g", Redemption.Status.SHIPPED),
            Map.entry("House blend coffee beans, 500 g", Redemption.Status.DELIVERED),
            Map.entry("House blend coffee beans, 500 g", Redemption.Status.CANCELLED),
            Map.entry("2 EUR off your basket", Redemption.Status.USED),
            Map.entry("2 EUR off your basket", Redemption.Status.ISSUED),
            Map.entry("5 EUR off your basket", Redemption.Status.USED),
            Map.entry("5 EUR off your basket", Redemption.Status.ISSUED),
            Map.entry("10 EUR off your basket", Redemption.Status.ISSUED),
            Map.entry("Donate 5 EUR to the local food bank", Redemption.Status.COMPLETED),
            Map.entry("Donate 5 EUR to the local food bank", Redemption.Status.COMPLETED),
            Map.entry("Plant a tree with our reforestation partner", Redemption.Status.COMPLETED),
            Map.entry("Plant a tree with our reforestation partner", Redemption.Status.COMPLETED),
            Map.entry("Donate 20 EUR to a school breakfast club", Redemption.Status.COMPLETED));

    private static final List<String> STREETS = List.of("Torstraße 112, 10119 Berlin", "Oranienstraße 23, 10999 Berlin",
            "Bahrenfelder Straße 61, 22765 Hamburg", "Eppendorfer Baum 14, 20249 Hamburg",
            "Kastanienallee 7, 10435 Berlin", "Ottenser Hauptstraße 40, 22765 Hamburg");

    /** Seeds the catalog, the coupons and the members' redemptions; run it as the actor {@code demo}. */
    Result seedCatalog(List<Member> demoMembers) {
        var now = clock.instant();
        var random = new Random(RANDOM_SEED);
        var live = DemoSeed.STORES.stream().filter(DemoSeed.DemoStore::live).map(DemoSeed.DemoStore::code).toList();
        var created = new LinkedHashMap<String, Reward>();
        int images = 0;
        int imported = 0;
        for (var entry : rewards(now, live)) {
            var reward = catalog.create(entry.definition());
            catalog.setImage(reward.id(), DemoImages.png(entry.motif(), entry.background(), entry.shape()));
            images++;
            if (reward.codeSource() == CodeSource.POOL) {
                imported += catalog.importCodes(reward.id(), poolCsv(random)).imported();
            }
            created.put(reward.name(), reward);
        }

        var active = demoMembers.stream().filter(m -> m.status() == MemberStatus.ACTIVE && !m.erased())
                .sorted(Comparator.comparing(m -> m.id().value())).toList();
        var counts = new LinkedHashMap<Redemption.Status, Integer>();
        int gifts = 0;
        int couponUses = 0;
        if (!active.isEmpty()) {
            var till = stores.byCode(DemoSeed.MARKER_STORE).map(Store::id).orElse(null);
            var available = new HashMap<Long, Long>();
            active.forEach(m -> available.put(m.id().value(), ledger.balance(m.id().value()).available()));
            var taken = new HashMap<String, Integer>();
            int shipment = 0;
            for (var planned : PLAN) {
                var reward = created.get(planned.getKey());
                var member = richest(active, available, taken, reward);
                long id = member.id().value();
                gifts += topUp(id, reward.costPoints(), available);
                taken.merge(id + "/" + reward.id(), 1, Integer::sum);
                var address = reward.kind() == Kind.SHIPPED_ITEM ? member.firstName() + " " + member.lastName()
                        + ", " + STREETS.get(random.nextInt(STREETS.size())) : null;
                var redemption = redemptions.redeem(id, reward.id(), 1, address);
                var target = planned.getValue();
                switch (target) {
                    case USED -> redemption.codes().forEach(code -> vouchers.redeem(code, till, id));
                    case CANCELLED -> redemptions.cancel(redemption.id(), "Demo: member changed their mind");
                    case PACKED -> redemptions.fulfill(redemption.id(), Redemption.Status.PACKED, null);
                    case SHIPPED, DELIVERED, RETURNED -> {
                        redemptions.fulfill(redemption.id(), Redemption.Status.PACKED, null);
                        redemptions.fulfill(redemption.id(), Redemption.Status.SHIPPED,
                                "DHL 0034 0434 16" + String.format("%02d %04d", ++shipment, random.nextInt(10_000)));
                        if (target != Redemption.Status.SHIPPED) {
                            redemptions.fulfill(redemption.id(), Redemption.Status.DELIVERED, null);
                        }
                        if (target == Redemption.Status.RETURNED) {
                            redemptions.fulfill(redemption.id(), Redemption.Status.RETURNED, null);
                        }
                    }
                    default -> {
                        // ISSUED, REQUESTED and COMPLETED are where a redemption starts
                    }
                }
                var status = redemptions.get(redemption.id()).status();
                if (status != target) {
                    log.warn("Demo redemption {} of '{}' ended {} instead of {}", redemption.id(), reward.name(),
                            status, target);
                }
                counts.merge(status, 1, Integer::sum);
                available.put(id, ledger.balance(id).available());
            }
            couponUses = seedCoupons(now, active);
        }
        return new Result(created.size(), images, imported, counts, couponUses, gifts);
    }

    /**
     * The member with the most points who may still redeem the reward; members who redeemed it already come
     * last, so that the redemptions spread over the members.
     */
    private static Member richest(List<Member> active, Map<Long, Long> available, Map<String, Integer> taken,
            Reward reward) {
        return active.stream()
                .filter(m -> reward.limitPerMember() == null
                        || taken.getOrDefault(m.id().value() + "/" + reward.id(), 0) < reward.limitPerMember())
                .min(Comparator.<Member>comparingInt(m -> taken.getOrDefault(m.id().value() + "/" + reward.id(), 0))
                        .thenComparing(m -> -available.get(m.id().value()))
                        .thenComparing(m -> m.id().value()))
                .orElseThrow();
    }

    /** Gives the member what is missing for {@code cost} as welcome gifts, each within the approval limit. */
    private int topUp(long memberId, long cost, Map<Long, Long> available) {
        long missing = cost - available.get(memberId);
        long chunk = Math.max(1, Math.min(500, ledger.settings().adjustmentApprovalLimit()));
        int gifts = 0;
        while (missing > 0) {
            long points = Math.min(chunk, Math.max(missing, 100));
            ledger.adjust(memberId, points, WELCOME_GIFT, "Points to try the reward catalog with", null, null);
            missing -= points;
            gifts++;
        }
        if (gifts > 0) {
            available.put(memberId, ledger.balance(memberId).available());
        }
        return gifts;
    }

    /** The imported pool: partner codes as a CSV export with a header line. */
    private static String poolCsv(Random random) {
        var csv = new StringBuilder("code\n");
        var alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        for (int i = 0; i < POOL_CODES; i++) {
            csv.append("MRSHOP-");
            for (int c = 0; c < 8; c++) {
                csv.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    /** WELCOME25 for the newest members, DOUBLEUP activated by a few regulars (it waits for their next purchase). */
    private int seedCoupons(Instant now, List<Member> active) {
        coupons.create(new CouponDefinition("WELCOME25", "Welcome: 25 bonus points", Coupon.Kind.POINTS, 25L, null,
                null, null, 1000));
        coupons.create(new CouponDefinition("DOUBLEUP", "Double points on your next purchase",
                Coupon.Kind.MULTIPLIER, null, new BigDecimal("2"), now.minus(Duration.ofDays(3)),
                LocalDate.ofInstant(now, DemoActivity.ZONE).plusDays(30).atStartOfDay(DemoActivity.ZONE).toInstant(),
                200));
        int uses = 0;
        var newest = active.stream().sorted(Comparator.comparing(Member::createdAt).reversed()).limit(5).toList();
        for (var member : newest) {
            coupons.use(member.id().value(), "WELCOME25");
            uses++;
        }
        var earned = new HashMap<Long, Long>();
        active.forEach(m -> earned.put(m.id().value(), ledger.balance(m.id().value()).lifetimeEarned()));
        var regulars = active.stream().filter(m -> !newest.contains(m))
                .sorted(Comparator.comparing((Member m) -> -earned.get(m.id().value()))
                        .thenComparing(m -> m.id().value()))
                .limit(3).toList();
        for (var member : regulars) {
            coupons.use(member.id().value(), "DOUBLEUP");
            uses++;
        }
        return uses;
    }

    private static String titleCase(String code) {
        return code.charAt(0) + code.substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
