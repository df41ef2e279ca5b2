package io.loyaltydesk.demo.internal;

import io.loyaltydesk.ledger.ExpiryPolicy;
import io.loyaltydesk.ledger.LedgerSettings;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.members.IdentifierKind;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.MemberStatus;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.purchases.PurchaseRequest;
import io.loyaltydesk.purchases.Purchases;
import io.loyaltydesk.purchases.ReturnRequest;
import io.loyaltydesk.rules.RuleDefinition;
import io.loyaltydesk.rules.RuleDefinition.Caps;
import io.loyaltydesk.rules.RuleDefinition.Effect;
import io.loyaltydesk.rules.RuleDefinition.Rounding;
import io.loyaltydesk.rules.RuleDefinition.RuleKind;
import io.loyaltydesk.rules.RuleStatus;
import io.loyaltydesk.rules.Rules;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.Store;
import io.loyaltydesk.staff.Stores;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The demo chain's last year of business, so that balances, lots and expiries are real: the earning rules, the
 * ledger settings, about fourteen months of purchases of the demo members at the tills (a few returned, a few
 * that no member claimed yet), redemptions at the till and staff adjustments. Everything goes through the
 * public APIs of the rules, purchases and ledger modules; the caller runs it as the actor {@code demo}.
 *
 * <p>The history reaches back a little more than a year so that the oldest points have expired (they expire
 * 12 months after they were earned), and the last two weeks are still in their return window (pending).
 * The data comes from a fixed random seed; dates are relative to now. The base-rate rule ({@link #BASE_RULE})
 * marks an earlier seed.
 */
@Component
class DemoActivity {

    static final String SOURCE = "demo-pos";
    static final String BASE_RULE = "Morgenrot base rate";
    static final long RANDOM_SEED = DemoSeed.RANDOM_SEED + 1;
    static final int HISTORY_MONTHS = 14;
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    private static final Logger log = LoggerFactory.getLogger(DemoActivity.class);
    private static final int MEMBERS_PER_BATCH = 500;
    /** Threads recording purchases: the database waits for its disk on every commit, the tills need not. */
    private static final int TILLS = 4;
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    /** Purchases per opening hour, 7:00 to 18:59: the morning rush, lunch and the afternoon cake. */
    private static final int[] HOUR_WEIGHTS = {9, 12, 10, 7, 5, 8, 8, 5, 6, 6, 6, 4};

    record Product(String sku, String category, BigDecimal price) {

        Product(String sku, String category, String price) {
            this(sku, category, new BigDecimal(price));
        }
    }

    static final List<Product> COFFEE = List.of(new Product("ESPRESSO", "COFFEE", "2.20"),
            new Product("FILTER-COFFEE", "COFFEE", "2.60"), new Product("CAPPUCCINO", "COFFEE", "3.40"),
            new Product("FLAT-WHITE", "COFFEE", "3.70"), new Product("LATTE-MACCHIATO", "COFFEE", "3.90"));
    static final List<Product> PASTRY = List.of(new Product("CROISSANT", "PASTRY", "2.20"),
            new Product("PAIN-AU-CHOCOLAT", "PASTRY", "2.60"), new Product("CINNAMON-ROLL", "PASTRY", "3.10"),
            new Product("BUTTER-PRETZEL", "PASTRY", "1.90"), new Product("FRANZBROETCHEN", "PASTRY", "2.40"));
    static final List<Product> BREAD = List.of(new Product("SOURDOUGH-LOAF", "BREAD", "4.90"),
            new Product("RYE-BREAD", "BREAD", "4.20"), new Product("SPELT-LOAF", "BREAD", "5.20"),
            new Product("BREAD-ROLL", "BREAD", "0.60"));
    static final List<Product> CAKE = List.of(new Product("CHEESECAKE-SLICE", "CAKE", "3.80"),
            new Product("APPLE-STRUDEL", "CAKE", "3.60"), new Product("PLUM-CAKE-SLICE", "CAKE", "3.40"),
            new Product("BLACK-FOREST-SLICE", "CAKE", "4.20"));
    static final List<Product> FOOD = List.of(new Product("SANDWICH", "FOOD", "5.90"),
            new Product("BAGEL-CREAM-CHEESE", "FOOD", "4.50"), new Product("QUICHE", "FOOD", "5.40"),
            new Product("SOUP-OF-THE-DAY", "FOOD", "4.80"));

    /** How often a member comes: a few regulars, many monthly guests, some who stopped coming months ago. */
    enum Habit {
        REGULAR(0.05, 0.30, 0.50), WEEKLY(0.15, 0.08, 0.14), MONTHLY(0.42, 0.022, 0.045),
        OCCASIONAL(0.20, 0.006, 0.014), LAPSED(0.18, 0.05, 0.14);

        final double share;
        final double dailyMin;
        final double dailyMax;

        Habit(double share, double dailyMin, double dailyMax) {
            this.share = share;
            this.dailyMin = dailyMin;
            this.dailyMax = dailyMax;
        }
    }

    /** What was seeded. */
    record Result(int rules, int purchases, int unassigned, int returns, int redemptions, int adjustments,
            long expiredPoints, int refused) {
    }

    private record Shopper(Member member, String homeStore, String card, String phone, Product favourite,
            Habit habit) {
    }

    private record Visit(Instant at, String store, Shopper shopper, String unknownCard,
            List<PurchaseRequest.Line> lines) {
    }

    private record Reward(String name, long points) {
    }

    private static final List<Reward> REWARDS = List.of(new Reward("free croissant", 220),
            new Reward("free filter coffee", 260), new Reward("free cappuccino", 340),
            new Reward("free cheesecake slice", 380), new Reward("5 EUR off the basket", 500));

    private final Rules rules;
    private final PointsLedger ledger;
    private final Purchases purchases;
    private final Stores stores;
    private final Clock clock;

    DemoActivity(Rules rules, PointsLedger ledger, Purchases purchases, Stores stores, Clock clock) {
        this.rules = rules;
        this.ledger = ledger;
        this.purchases = purchases;
        this.stores = stores;
        this.clock = clock;
    }

    /** Whether an earlier start seeded the activity (a rule with the base rule's name exists, in any state). */
    boolean seeded() {
        return rules.all(null).stream().anyMatch(r -> BASE_RULE.equals(r.definition().name()));
    }

    /** Seeds the activity of these members; run it as the actor {@code demo}. */
    Result seed(List<Member> members) {
        var now = clock.instant();
        var random = new Random(RANDOM_SEED);
        var live = DemoSeed.STORES.stream().filter(DemoSeed.DemoStore::live).map(DemoSeed.DemoStore::code).toList();
        int ruleCount = seedRules(now, live);
        var before = ledger.settings();
        ledger.updateSettings(new LedgerSettings(14, ExpiryPolicy.MONTHS_AFTER_EARN, 12, new BigDecimal("1.0"), "EUR",
                before.allowNegativeBalance(), before.memberTransfersEnabled(), 500,
                before.reservationTimeoutMinutes()),
                "Demo: points pending for the 14-day return window, expiring 12 months after they were earned");

        var shoppers = shoppers(members, random, live);
        var numbered = numbered(visits(shoppers, random, now, live));
        // the oldest points expire as the ledger's job would have expired them: after the purchases up to a
        // month ago, so that in a member's history the expiries sit roughly where they happened
        var split = now.atZone(ZONE).minusMonths(1).toInstant();
        var recording = new Recording();
        record(numbered, v -> !v.at().isAfter(split), recording);
        long expired = bringBooksUpToDate();
        record(numbered, v -> v.at().isAfter(split), recording);
        var receipts = new LinkedHashMap<String, Visit>();
        numbered.forEach((id, visit) -> {
            if (recording.assigned.contains(id)) {
                receipts.put(id, visit);
            }
        });
        int returns = seedReturns(receipts, random, now);
        expired += bringBooksUpToDate();
        int redemptions = seedRedemptions(shoppers, random, now);
        int adjustments = seedAdjustments(shoppers, random);
        return new Result(ruleCount, receipts.size() + recording.unassigned.get(), recording.unassigned.get(),
                returns, redemptions, adjustments, expired, recording.refused.get());
    }

    /** Receipt numbers of purchases recorded for a member, and counts of the others. */
    private static final class Recording {

        final Set<String> assigned = ConcurrentHashMap.newKeySet();
        final AtomicInteger unassigned = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
    }

    /**
     * Records the visits that pass {@code which}, in a few threads as several tills would: each member's
     * purchases in one thread and in the order they happened, so that first purchases and visit counts come out
     * as they would have.
     */
    private void record(Map<String, Visit> numbered, Predicate<Visit> which, Recording into) {
        var actor = Actor.current();
        var partitions = new ArrayList<List<Map.Entry<String, Visit>>>();
        for (int i = 0; i < TILLS; i++) {
            partitions.add(new ArrayList<>());
        }
        numbered.entrySet().stream().filter(e -> which.test(e.getValue())).forEach(e -> partitions.get(
                e.getValue().shopper() == null ? 0
                        : (int) Math.floorMod(e.getValue().shopper().member().id().value(), TILLS)).add(e));
        var tills = Executors.newFixedThreadPool(TILLS);
        try {
            var running = partitions.stream().map(partition -> tills.submit(() -> Actor.callAs(actor, () -> {
                partition.forEach(e -> recordOne(e.getKey(), e.getValue(), into));
                return null;
            }))).toList();
            for (var till : running) {
                till.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while seeding demo purchases", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            tills.shutdownNow();
        }
    }

    private void recordOne(String externalId, Visit visit, Recording into) {
        try {
            if (purchases.record(request(externalId, visit), SOURCE).receipt().assigned()) {
                into.assigned.add(externalId);
            } else {
                into.unassigned.incrementAndGet();
            }
        } catch (CommandRefusedException e) {
            if (into.refused.getAndIncrement() < 3) {
                log.warn("Demo purchase {} refused: {}", externalId, e.getMessage());
            }
        }
    }

    // ---- rules

    private int seedRules(Instant now, List<String> live) {
        var today = LocalDate.ofInstant(now, ZONE);
        // the November that runs now or ran last, so that the promo shows in the purchase history
        var november = LocalDate.of(today.getMonthValue() >= 11 ? today.getYear() : today.getYear() - 1, 11, 1);
        var definitions = List.of(
                new RuleDefinition(BASE_RULE, """
                        Every euro spent in a Morgenrot store earns 1 point, rounded down per purchase (a 7.80 EUR \
                        breakfast earns 7 points). Applies in the stores where the program runs.""",
                        RuleKind.BASE_RATE, null, Effect.perAmount("1", "1.00", Rounding.FLOOR), null, null, null,
                        null, null, live, 0, true, null),
                new RuleDefinition("2x points on coffee", """
                        Coffee drinks earn a second point per euro on top of the base rate, so every espresso, \
                        cappuccino and filter coffee counts double.""",
                        RuleKind.CATEGORY_BONUS, null,
                        Effect.perLine("1", "1.00", Rounding.FLOOR, List.of("COFFEE"), null), null, null, null, null,
                        null, live, 20, true, null),
                new RuleDefinition("November pastry promo: 3x points on pastries", """
                        Croissants, cinnamon rolls, pretzels and the other pastries earn two extra points per euro \
                        for the whole of November, together with the autumn window posters. Ends by itself on \
                        1 December.""",
                        RuleKind.CATEGORY_BONUS, null,
                        Effect.perLine("2", "1.00", Rounding.FLOOR, List.of("PASTRY"), null), null,
                        november.atStartOfDay(ZONE).toInstant(), november.plusMonths(1).atStartOfDay(ZONE).toInstant(),
                        null, null, live, 20, true, null),
                new RuleDefinition("Welcome bonus: 50 points on the first purchase", """
                        New members get 50 points with their first purchase after joining, so they see their \
                        balance move on day one.""",
                        RuleKind.FIRST_PURCHASE, null, Effect.fixed(50), null, null, null, null, null, live, 10, true,
                        new Caps(null, null, null, 50L)),
                new RuleDefinition("Birthday month: double points", """
                        In their birthday month members earn the base points twice on every purchase, up to 200 \
                        extra points in the month. Needs a birth date in the member's profile.""",
                        RuleKind.BIRTHDAY_MONTH, null, Effect.multiplier("2", Rounding.FLOOR), null, null, null, null,
                        null, live, 10, true, new Caps(null, null, 200L, null)),
                new RuleDefinition("Every 10th visit: 100 bonus points", """
                        Every tenth purchase of a member earns 100 bonus points: a thank-you to the regulars who \
                        come in every morning.""",
                        RuleKind.NTH_VISIT, null, Effect.fixed(100), 10, null, null, null, null, live, 10, true, null));
        for (var definition : definitions) {
            rules.create(definition, RuleStatus.ACTIVE);
        }
        rules.create(new RuleDefinition("Double points weekend", """
                Base points count twice on Saturdays and Sundays. Paused after the summer trial: it mostly rewarded \
                visits that would have happened anyway. Kept for a quiet month.""",
                RuleKind.CUSTOM, "now.dayOfWeek >= 6", Effect.multiplier("2", Rounding.FLOOR), null, null, null,
                null, null, live, 5, true, null), RuleStatus.PAUSED);
        return definitions.size() + 1;
    }

    // ---- purchases

    private List<Shopper> shoppers(List<Member> members, Random random, List<String> live) {
        var storeCodes = stores.all().stream().collect(Collectors.toMap(Store::id, Store::code));
        var shoppers = new ArrayList<Shopper>();
        for (var member : members.stream().sorted(Comparator.comparing(m -> m.id().value())).toList()) {
            // drawn for every member, so that one member's status does not change the others' history
            var habit = habit(random.nextDouble());
            var favourite = COFFEE.get(random.nextInt(COFFEE.size()));
            if (member.status() != MemberStatus.ACTIVE || member.erased()) {
                continue;
            }
            var home = member.homeStoreId() == null ? null : storeCodes.get(member.homeStoreId());
            var cards = member.all(IdentifierKind.CARD);
            shoppers.add(new Shopper(member, live.contains(home) ? home : null, cards.isEmpty() ? null : cards.getFirst(),
                    member.phone().orElse(null), favourite, habit));
        }
        return shoppers;
    }

    private static Habit habit(double roll) {
        for (var habit : Habit.values()) {
            roll -= habit.share;
            if (roll < 0) {
                return habit;
            }
        }
        return Habit.MONTHLY;
    }

    private List<Visit> visits(List<Shopper> shoppers, Random guests, Instant now, List<String> live) {
        var historyStart = now.atZone(ZONE).minusMonths(HISTORY_MONTHS).toInstant();
        var visits = new ArrayList<Visit>();
        for (var shopper : shoppers) {
            // each member's own sequence, so that a member's visits do not change with the others' or the date
            var random = new Random(RANDOM_SEED ^ shopper.member().email().orElse("").hashCode());
            var habit = shopper.habit();
            double daily = habit.dailyMin + random.nextDouble() * (habit.dailyMax - habit.dailyMin);
            // members without a live home store (Munich has no program yet, or none given) come by less often
            if (shopper.homeStore() == null) {
                daily /= 2;
            }
            var start = shopper.member().createdAt().isAfter(historyStart) ? shopper.member().createdAt()
                    : historyStart;
            var end = habit == Habit.LAPSED ? now.minus(Duration.ofDays(40 + random.nextInt(260))) : now;
            for (var day = LocalDate.ofInstant(start, ZONE); !day.isAfter(LocalDate.ofInstant(end, ZONE));
                    day = day.plusDays(1)) {
                boolean weekend = day.getDayOfWeek().getValue() >= 6;
                double chance = habit == Habit.REGULAR ? daily * (weekend ? 0.4 : 1.2) : daily * (weekend ? 1.3 : 0.9);
                if (random.nextDouble() >= chance) {
                    continue;
                }
                int hour = 7 + weighted(random, HOUR_WEIGHTS);
                var at = day.atTime(LocalTime.of(hour, random.nextInt(60), random.nextInt(60))).atZone(ZONE)
                        .toInstant();
                if (at.isBefore(start) || at.isAfter(end)) {
                    continue;
                }
                var store = shopper.homeStore() != null && random.nextDouble() < 0.85 ? shopper.homeStore()
                        : liveStore(random, live);
                visits.add(new Visit(at, store, shopper, null, basket(random, hour, day.getMonth(),
                        shopper.favourite())));
            }
        }
        // a few guests without a card, and two with a card the program does not know: "points missing?"
        for (int i = 0; i < 12; i++) {
            var day = LocalDate.ofInstant(now, ZONE).minusDays(1 + guests.nextInt(40));
            int hour = 7 + weighted(guests, HOUR_WEIGHTS);
            var at = day.atTime(LocalTime.of(hour, guests.nextInt(60))).atZone(ZONE).toInstant();
            visits.add(new Visit(at, liveStore(guests, live), null, i < 2 ? "MR5000000" + (i + 1) : null,
                    basket(guests, hour, day.getMonth(), COFFEE.get(guests.nextInt(COFFEE.size())))));
        }
        visits.sort(Comparator.comparing(Visit::at));
        return visits;
    }

    /** Receipt numbers as the tills print them: store, day and a running number per store and day. */
    private static Map<String, Visit> numbered(List<Visit> visits) {
        var numbered = new LinkedHashMap<String, Visit>();
        var counters = new HashMap<String, Integer>();
        for (var visit : visits) {
            var key = visit.store() + "-" + DAY.format(LocalDate.ofInstant(visit.at(), ZONE));
            int n = counters.merge(key, 1, Integer::sum);
            numbered.put(key + "-" + String.format("%04d", n), visit);
        }
        return numbered;
    }

    private static PurchaseRequest request(String externalId, Visit visit) {
        var total = visit.lines().stream().map(PurchaseRequest.Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        Long memberId = null;
        String card = visit.unknownCard();
        String phone = null;
        var shopper = visit.shopper();
        if (shopper != null) {
            // the card at the till mostly, else the app's member code, now and then the phone number;
            // varied by the receipt number so that it stays the same on every seed
            int roll = Math.floorMod(externalId.hashCode(), 100);
            if (shopper.card() != null && roll < 85) {
                card = shopper.card();
            } else if (shopper.phone() != null && roll >= 88) {
                phone = shopper.phone();
            } else {
                memberId = shopper.member().id().value();
            }
        }
        return new PurchaseRequest(externalId, visit.store(), "POS", memberId, card, null, phone,
                visit.at().toString(), "EUR", total, visit.lines());
    }

    /** A basket for the time of day: coffee and pastry in the morning, lunch, cake, bread for the evening. */
    private static List<PurchaseRequest.Line> basket(Random random, int hour, Month month, Product favourite) {
        var lines = new LinkedHashMap<Product, Integer>();
        double coffee;
        double pastry;
        double bread;
        double cake;
        double food;
        if (hour < 11) {
            coffee = 0.9; pastry = 0.55; bread = 0.15; cake = 0.02; food = 0.1;
        } else if (hour < 14) {
            coffee = 0.6; pastry = 0.1; bread = 0.1; cake = 0.15; food = 0.65;
        } else if (hour < 17) {
            coffee = 0.8; pastry = 0.25; bread = 0.1; cake = 0.6; food = 0.05;
        } else {
            coffee = 0.3; pastry = 0.3; bread = 0.6; cake = 0.2; food = 0.05;
        }
        if (month == Month.NOVEMBER) {
            pastry += 0.15; // the pastry promo works
        }
        if (random.nextDouble() < coffee) {
            add(lines, random.nextDouble() < 0.7 ? favourite : pick(random, COFFEE), 1);
        }
        if (random.nextDouble() < pastry) {
            add(lines, pick(random, PASTRY), random.nextDouble() < 0.2 ? 2 : 1);
        }
        if (random.nextDouble() < bread) {
            var loaf = pick(random, BREAD);
            add(lines, loaf, loaf.sku().equals("BREAD-ROLL") ? 4 + random.nextInt(3) : 1);
        }
        if (random.nextDouble() < cake) {
            add(lines, pick(random, CAKE), 1);
        }
        if (random.nextDouble() < food) {
            add(lines, pick(random, FOOD), 1);
        }
        if (random.nextDouble() < 0.18) {
            // bought for a colleague or a friend as well
            add(lines, pick(random, COFFEE), 1);
            if (random.nextDouble() < 0.5) {
                add(lines, pick(random, hour < 14 ? PASTRY : CAKE), 1);
            }
        }
        if (lines.isEmpty()) {
            add(lines, favourite, 1);
        }
        return lines.entrySet().stream().limit(5).map(e -> {
            var product = e.getKey();
            var quantity = BigDecimal.valueOf(e.getValue());
            return new PurchaseRequest.Line(product.sku(), product.category(), quantity, product.price(),
                    product.price().multiply(quantity));
        }).toList();
    }

    private static void add(Map<Product, Integer> lines, Product product, int quantity) {
        lines.merge(product, quantity, Integer::sum);
    }

    // ---- returns

    /**
     * A few returns: items from the last days (their points are still pending) and two partial refunds after the
     * return window (their points were available already).
     */
    private int seedReturns(Map<String, Visit> receipts, Random random, Instant now) {
        var recent = new ArrayList<String>();
        var older = new ArrayList<String>();
        receipts.forEach((id, visit) -> {
            if (visit.lines().size() < 2) {
                return;
            }
            var age = Duration.between(visit.at(), now);
            if (age.toDays() < 12) {
                recent.add(id);
            } else if (age.toDays() >= 16 && age.toDays() < 35) {
                older.add(id);
            }
        });
        Collections.shuffle(recent, random);
        Collections.shuffle(older, random);
        int returns = 0;
        for (var id : recent.subList(0, Math.min(6, recent.size()))) {
            var line = receipts.get(id).lines().getLast();
            returns += returned(id, new ReturnRequest("RET-" + id, List.of(new ReturnRequest.Line(line.sku(),
                    BigDecimal.ONE)), null));
        }
        for (var id : older.subList(0, Math.min(2, older.size()))) {
            var line = receipts.get(id).lines().getFirst();
            returns += returned(id, new ReturnRequest("RET-" + id, null, line.unitPrice()));
        }
        return returns;
    }

    private int returned(String purchaseId, ReturnRequest request) {
        try {
            return purchases.returnItems(SOURCE, purchaseId, request).created() ? 1 : 0;
        } catch (CommandRefusedException e) {
            log.warn("Demo return of {} refused: {}", purchaseId, e.getMessage());
            return 0;
        }
    }

    // ---- the books, redemptions and adjustments

    /**
     * What the ledger's jobs would do in their first runs: mature what left the return window, expire what is
     * older than 12 months. Returns the points expired.
     */
    private long bringBooksUpToDate() {
        for (int batch = 0; batch < 1_000 && ledger.matureDue(MEMBERS_PER_BATCH) > 0; batch++) {
            // next batch
        }
        long expired = 0;
        for (int batch = 0; batch < 1_000; batch++) {
            long points = ledger.expireDue(MEMBERS_PER_BATCH);
            if (points == 0) {
                break;
            }
            expired += points;
        }
        return expired;
    }

    /** Rewards at the till: most confirmed, two still open at the till, two cancelled. */
    private int seedRedemptions(List<Shopper> shoppers, Random random, Instant now) {
        var candidates = stillComing(shoppers, random);
        int done = 0;
        int wanted = Math.max(4, shoppers.size() / 15);
        for (var shopper : candidates) {
            if (done == wanted) {
                break;
            }
            long memberId = shopper.member().id().value();
            long available = ledger.balance(memberId).available();
            var affordable = REWARDS.stream().filter(r -> r.points() <= available).toList();
            if (affordable.isEmpty()) {
                continue;
            }
            var reward = affordable.get(random.nextInt(affordable.size()));
            var store = shopper.homeStore() == null ? DemoSeed.MARKER_STORE : shopper.homeStore();
            var reference = store + "-" + DAY.format(LocalDate.ofInstant(now, ZONE)) + "-R"
                    + String.format("%02d", done + 1) + " (" + reward.name() + ")";
            var reservation = ledger.reserve(memberId, reward.points(), reference);
            if (done == 1 || done == 5) {
                ledger.cancel(reservation.id()); // the guest paid cash after all
            } else if (done != 2 && done != 7) {
                ledger.confirm(reservation.id());
            } // else left open: still at the till, it times out by itself
            done++;
        }
        return done;
    }

    /** The members in random order, those who still come by to their own store first. */
    private static List<Shopper> stillComing(List<Shopper> shoppers, Random random) {
        var candidates = new ArrayList<>(shoppers);
        Collections.shuffle(candidates, random);
        candidates.sort(Comparator.comparing(s -> s.homeStore() == null || s.habit() == Habit.LAPSED));
        return candidates;
    }

    private record Goodwill(long points, String reason, String comment) {
    }

    private static final List<Goodwill> ADJUSTMENTS = List.of(
            new Goodwill(40, "Goodwill: wrong milk in order", "Asked for oat milk, got cow's milk; drink remade too"),
            new Goodwill(30, "Goodwill: long wait at the till", "Saturday rush, card reader down for 20 minutes"),
            new Goodwill(25, "Points missing: card did not scan", "Receipt shown in store, checked by the manager"),
            new Goodwill(-60, "Correction: purchase refunded in cash", "Refund went through the old till"),
            new Goodwill(750, "Compensation: catering order delivered an hour late",
                    "Office breakfast for 40 people; waiting for the supervisor's approval"));

    private int seedAdjustments(List<Shopper> shoppers, Random random) {
        var candidates = stillComing(shoppers, random);
        int done = 0;
        for (var adjustment : ADJUSTMENTS) {
            // a correction takes points back from someone who has them; each adjustment for another member
            for (var shopper : candidates) {
                long memberId = shopper.member().id().value();
                if (adjustment.points() > 0 || ledger.balance(memberId).available() >= 200) {
                    ledger.adjust(memberId, adjustment.points(), adjustment.reason(), adjustment.comment(), null,
                            null);
                    candidates.remove(shopper);
                    done++;
                    break;
                }
            }
        }
        return done;
    }

    // ---- helpers

    private static String liveStore(Random random, List<String> live) {
        var weights = DemoSeed.STORES.stream().filter(s -> live.contains(s.code())).mapToInt(DemoSeed.DemoStore::weight)
                .toArray();
        return live.get(weighted(random, weights));
    }

    private static int weighted(Random random, int[] weights) {
        int roll = random.nextInt(java.util.Arrays.stream(weights).sum());
        for (int i = 0; i < weights.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
