package io.loyaltydesk.demo.internal;

import io.loyaltydesk.members.Channel;
import io.loyaltydesk.members.Enrollment;
import io.loyaltydesk.members.IdentifierKind;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.MemberChanges;
import io.loyaltydesk.members.MemberStatus;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.LoyaltyDeskProperties;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.Role;
import io.loyaltydesk.staff.StaffDirectory;
import io.loyaltydesk.staff.Stores;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Seeds the demo chain when the server runs with {@code --demo}, and then a year of its business
 * ({@link DemoActivity}: rules, purchases, points) with its loyalty program ({@link DemoProgram}: tiers before the
 * purchases, rewards, redemptions and coupons after them). The data comes from a fixed random seed, so every demo
 * looks the same (dates are relative to today). A store code of the chain marks an earlier seed of the chain, the
 * base-rate rule one of the activity, the tier rule and a reward name those of the program; what exists is not
 * added again, so a restart adds nothing and a demo database from before the purchases gets them on its next
 * start.
 *
 * <p>Demo staff accounts (only ever created in demo mode):
 * <pre>
 * manager    / manager-demo-password     PROGRAM_MANAGER
 * supervisor / supervisor-demo-password  SUPERVISOR
 * agent      / agent-demo-password       AGENT
 * store      / store-demo-password       STORE_STAFF
 * viewer     / viewer-demo-password      READ_ONLY
 * </pre>
 * The administrator and the API key come from the bootstrap credentials as on any first start.
 */
@Component
@Order(10)
class DemoSeed implements ApplicationRunner {

    static final long RANDOM_SEED = 20_24_05_01L;
    static final String MARKER_STORE = "BER-MITTE";

    private static final Logger log = LoggerFactory.getLogger(DemoSeed.class);

    record DemoStore(String code, String name, String region, String city, boolean live, int weight) {
    }

    record DemoStaff(String username, String displayName, Role role) {

        String password() {
            return username + "-demo-password";
        }
    }

    static final List<DemoStore> STORES = List.of(
            new DemoStore(MARKER_STORE, "Morgenrot Mitte", "Berlin", "Berlin", true, 30),
            new DemoStore("BER-KREUZBERG", "Morgenrot Kreuzberg", "Berlin", "Berlin", true, 25),
            new DemoStore("HH-ALTONA", "Morgenrot Altona", "North", "Hamburg", true, 20),
            new DemoStore("HH-EPPENDORF", "Morgenrot Eppendorf", "North", "Hamburg", true, 15),
            new DemoStore("MUC-SCHWABING", "Morgenrot Schwabing", "South", "München", false, 10));

    static final List<DemoStaff> STAFF = List.of(
            new DemoStaff("manager", "Miriam Kaiser (program manager)", Role.PROGRAM_MANAGER),
            new DemoStaff("supervisor", "Sam Turner (support supervisor)", Role.SUPERVISOR),
            new DemoStaff("agent", "Jonas Vogel (support agent)", Role.AGENT),
            new DemoStaff("store", "Lea Hartmann (store Mitte)", Role.STORE_STAFF),
            new DemoStaff("viewer", "Olivia Reed (read only)", Role.READ_ONLY));

    private static final List<String> GERMAN_FIRST_NAMES = List.of("Anna", "Lena", "Marie", "Sophie", "Laura",
            "Julia", "Hannah", "Lea", "Katharina", "Sabine", "Petra", "Ursula", "Greta", "Jana", "Miriam", "Jürgen",
            "Lukas", "Jonas", "Felix", "Maximilian", "Paul", "Leon", "Tobias", "Stefan", "Thomas", "Michael",
            "Andreas", "Klaus", "Matthias", "Niklas", "Moritz", "Björn", "Sören", "Frieda", "Käthe");
    private static final List<String> ENGLISH_FIRST_NAMES = List.of("Emma", "Olivia", "Amelia", "Grace", "Chloe",
            "Emily", "Charlotte", "Sarah", "Rachel", "James", "Oliver", "Harry", "Jack", "George", "Daniel",
            "Samuel", "Thomas", "William", "Ethan", "Ben");
    private static final List<String> GERMAN_LAST_NAMES = List.of("Müller", "Schmidt", "Schneider", "Fischer",
            "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf",
            "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann", "Lange", "Werner",
            "Krause", "Lehmann", "Köhler", "Jäger", "Vogel", "Weiß", "Fuchs", "Kaiser", "Peters", "Möller");
    private static final List<String> ENGLISH_LAST_NAMES = List.of("Smith", "Jones", "Taylor", "Brown", "Williams",
            "Wilson", "Johnson", "Davies", "Evans", "Thomas", "Roberts", "Walker", "Wright", "Hughes", "Green",
            "Hall", "Clarke", "Turner", "Reed", "Cooper");
    private static final List<String> MAIL_DOMAINS = List.of("example.com", "example.org", "example.net",
            "mail.example.de", "post.example.de");
    /** German mobile prefixes; libphonenumber accepts 15x and 16x with eight more digits, 17x with seven. */
    private static final List<String> MOBILE_PREFIXES = List.of("151", "152", "157", "159", "160", "162", "163",
            "170", "171", "172", "173", "174", "175", "176", "177", "178", "179");

    private final LoyaltyDeskProperties properties;
    private final Stores stores;
    private final StaffDirectory staff;
    private final Members members;
    private final DemoActivity activity;
    private final DemoProgram program;
    private final DemoSupport support;
    private final DemoPortal portal;
    private final DemoPortalHelp portalHelp;
    private final DemoEmail email;
    private final DemoEngagement engagement;
    private final DemoKnowledge knowledge;
    private final DemoDeskSetup deskSetup;
    private final DemoFields fields;
    private final Clock clock;

    DemoSeed(LoyaltyDeskProperties properties, Stores stores, StaffDirectory staff, Members members,
            DemoActivity activity, DemoProgram program, DemoSupport support, DemoPortal portal,
            DemoPortalHelp portalHelp, DemoEmail email, DemoEngagement engagement,
            DemoKnowledge knowledge, DemoDeskSetup deskSetup, Clock clock, DemoFields fields) {
        this.fields = fields;
        this.portal = portal;
        this.engagement = engagement;
        this.deskSetup = deskSetup;
        this.properties = properties;
        this.stores = stores;
        this.staff = staff;
        this.members = members;
        this.activity = activity;
        this.program = program;
        this.support = support;
        this.portalHelp = portalHelp;
        this.email = email;
        this.knowledge = knowledge;
        this.clock = clock;
    }

    /**
     * Seeds in the background, so the server is ready (health UP, login page served) at once and the demo data
     * appears over the next seconds; the log says when it is complete.
     */
    @Override
    public void run(ApplicationArguments args) {
        if (properties.demo().enabled()) {
            log.info("Seeding the demo data in the background");
            Thread.ofVirtual().name("demo-seed").start(() -> {
                try {
                    seed(properties.demo().members());
                } catch (RuntimeException e) {
                    log.error("The demo seed stopped; start again on a fresh data directory for a complete demo", e);
                }
            });
        }
    }

    /**
     * Seeds the chain with {@code memberCount} members, the tiers, their year of purchases and points, then the
     * reward catalog with redemptions and coupons; each step only when an earlier start has not done it. Returns
     * false when all were found.
     */
    boolean seed(int memberCount) {
        long started = System.nanoTime();
        // each step runs on its own: |= never skips one
        boolean seeded = seedChain(memberCount);
        seeded |= seedTiers();
        seeded |= seedActivity(memberCount);
        seeded |= seedCatalog(memberCount);
        seeded |= seedSupport(memberCount);
        seeded |= seedPortal(memberCount);
        seeded |= seedPortalHelp(memberCount);
        seeded |= seedEngagement(memberCount);
        seeded |= seedKnowledge(memberCount);
        seeded |= seedFields();
        if (seeded) {
            log.info("Demo seed done in {} ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
        return seeded;
    }

    /** Missing-points claims and portal tickets: after the desk's queue, as members write in over the day. */
    private boolean seedPortalHelp(int memberCount) {
        var demoMembers = demoMembers(memberCount);
        if (portalHelp.seeded(demoMembers)) {
            log.info("Missing-points claims found; not seeding the portal's claims and tickets");
            return false;
        }
        int made = Actor.callAs(Actor.system("demo"), () -> portalHelp.seed(demoMembers));
        log.info("Seeded the portal's help: {} missing-points claims and tickets", made);
        return true;
    }

    /** Referral settings, challenges and their badges, friends who joined with a code: after the purchases. */
    private boolean seedEngagement(int memberCount) {
        if (engagement.seeded()) {
            log.info("Demo challenges found ('{}'); not seeding engagement again", DemoEngagement.MARKER);
            return false;
        }
        var seeded = Actor.callAs(Actor.system("demo"), () -> engagement.seed(demoMembers(memberCount), MARKER_STORE));
        log.info("Seeded the demo engagement: {} challenges, {} badges earned, {} friends joined with a code "
                + "({} with a qualifying purchase)", seeded.challenges(), seeded.badges(), seeded.referrals(),
                seeded.qualified());
        return true;
    }

    /** The desk's custom fields and the queue's contact reasons: last, as one of them is needed to solve. */
    private boolean seedFields() {
        if (fields.seeded()) {
            log.info("Demo conversation fields found; not seeding them again");
            return false;
        }
        int given = Actor.callAs(Actor.system("demo"), fields::seed);
        log.info("Seeded the demo conversation fields: 4 fields, a contact reason on {} conversations", given);
        return true;
    }

    /** The help centre, and the survey answers of the support queue: after the conversations were solved. */
    private boolean seedKnowledge(int memberCount) {
        if (knowledge.seeded()) {
            log.info("Demo help articles found; not seeding the knowledge base and surveys again");
            return false;
        }
        var seeded = Actor.callAs(Actor.system("demo"), () -> knowledge.seed(demoMembers(memberCount)));
        log.info("Seeded the demo help centre and surveys: {} articles, {} CSAT answers, {} NPS answers",
                seeded.articles(), seeded.csatAnswers(), seeded.npsAnswers());
        return true;
    }

    /** A morning's support queue: after the purchases, so the member panels have something to show. */
    private boolean seedSupport(int memberCount) {
        if (support.seeded()) {
            log.info("Support conversations found; not seeding the demo queue");
            return false;
        }
        if (!deskSetup.seeded()) {
            Actor.callAs(Actor.system("demo"), () -> {
                deskSetup.seed();
                return null;
            });
        }
        int opened = Actor.callAs(Actor.system("demo"), () -> support.seed(demoMembers(memberCount)));
        int tagged = Actor.callAs(Actor.system("demo"), deskSetup::tagConversations);
        log.info("Seeded the demo support queue: {} conversations, {} tags", opened, tagged);
        int mailed = Actor.callAs(Actor.system("demo"), () -> email.seed(demoMembers(memberCount)));
        log.info("Seeded the demo email conversations: {}", mailed);
        return true;
    }

    /** A member who can log in to the portal, with real messages in the inbox. */
    private boolean seedPortal(int memberCount) {
        var demoMembers = demoMembers(memberCount);
        if (portal.seeded(demoMembers)) {
            log.info("Demo portal login found; not seeding it again");
            return false;
        }
        var email = Actor.callAs(Actor.system("demo"), () -> portal.seed(demoMembers));
        log.info("Seeded the demo portal login: {} / {}", email, DemoPortal.PASSWORD);
        return true;
    }

    /** The tiers and their points rule: before the purchases, so that members move up as they buy. */
    private boolean seedTiers() {
        if (program.tiersSeeded()) {
            log.info("Demo tiers found (rule '{}'); not seeding them again", DemoProgram.TIER_RULE);
            return false;
        }
        int created = Actor.callAs(Actor.system("demo"), () -> program.seedTiers(liveStores()));
        log.info("Seeded the demo tiers: {} tiers and the rule '{}'", created, DemoProgram.TIER_RULE);
        return true;
    }

    /** The reward catalog, redemptions in every state and coupons: after the purchases, as they spend points. */
    private boolean seedCatalog(int memberCount) {
        if (program.catalogSeeded()) {
            log.info("Demo rewards found ('{}'); not seeding the catalog again", DemoProgram.CATALOG_MARKER);
            return false;
        }
        long started = System.nanoTime();
        var seeded = Actor.callAs(Actor.system("demo"), () -> program.seedCatalog(demoMembers(memberCount)));
        log.info("Seeded the demo rewards: {} rewards ({} with images, {} pool codes imported), redemptions {}, "
                        + "{} coupon uses, {} welcome gifts in {} ms", seeded.rewards(), seeded.images(),
                seeded.codesImported(), seeded.redemptions(), seeded.couponUses(), seeded.welcomeGifts(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        return true;
    }

    private static List<String> liveStores() {
        return STORES.stream().filter(DemoStore::live).map(DemoStore::code).toList();
    }

    private boolean seedChain(int memberCount) {
        if (stores.byCode(MARKER_STORE).isPresent()) {
            log.info("Demo chain found (store {}); not seeding stores, staff and members again", MARKER_STORE);
            return false;
        }
        long started = System.nanoTime();
        int enrolled = Actor.callAs(Actor.system("demo"), () -> {
            STORES.forEach(s -> stores.add(s.code(), s.name(), s.region(), s.city(), s.live()));
            seedStaff();
            return seedMembers(memberCount);
        });
        log.info("Seeded the demo chain: {} stores, {} members in {} ms", STORES.size(), enrolled,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        return true;
    }

    /** The members' purchases and points; also for a demo database from before purchases existed. */
    private boolean seedActivity(int memberCount) {
        if (activity.seeded()) {
            log.info("Demo purchases found (rule '{}'); not seeding them again", DemoActivity.BASE_RULE);
            return false;
        }
        long started = System.nanoTime();
        var demoMembers = demoMembers(memberCount);
        // the event registry may keep time by another clock than the (test) clock of the purchases
        var since = Instant.now().isBefore(clock.instant()) ? Instant.now() : clock.instant();
        var seeded = Actor.callAs(Actor.system("demo"), () -> activity.seed(demoMembers));
        long recorded = System.nanoTime();
        program.awaitTierListener(since.minusSeconds(1));
        log.info("Demo tiers after the purchases: {} (tier processing waited {} ms)", program.tierCounts(demoMembers),
                Duration.ofNanos(System.nanoTime() - recorded).toMillis());
        log.info("Seeded the demo activity: {} rules, {} purchases ({} unassigned, {} refused), {} returns, "
                        + "{} redemptions, {} adjustments, {} points expired in {} ms", seeded.rules(),
                seeded.purchases(), seeded.unassigned(), seeded.refused(), seeded.returns(), seeded.redemptions(),
                seeded.adjustments(), seeded.expiredPoints(), Duration.ofNanos(System.nanoTime() - started).toMillis());
        return true;
    }

    /** The demo members as enrolled: the same people again from the fixed seed, found by their email. */
    private List<Member> demoMembers(int count) {
        var found = new ArrayList<Member>();
        for (var person : people(count, clock.instant())) {
            members.findBy(IdentifierKind.EMAIL, person.enrollment().email())
                    .filter(m -> "demo".equals(m.enrolledVia())).ifPresent(found::add);
        }
        return found;
    }

    private void seedStaff() {
        var created = new ArrayList<String>();
        for (var account : STAFF) {
            if (staff.createIfAbsent(account.username(), account.displayName(), account.role(), account.password())) {
                created.add(account.username() + " / " + account.password() + " (" + account.role() + ")");
            }
        }
        if (!created.isEmpty()) {
            log.info("Demo staff accounts (demo mode only; change or disable them before real use): {}",
                    String.join(", ", created));
        }
    }

    private int seedMembers(int count) {
        var people = people(count, clock.instant());
        // enrolled oldest first, so member numbers grow with the enrollment date as they would have
        people.sort(Comparator.comparing(DemoPerson::enrolledAt));
        int enrolled = 0;
        for (var person : people) {
            try {
                var member = members.enroll(person.enrollment());
                if (person.status() != MemberStatus.ACTIVE) {
                    members.update(member.id(), new MemberChanges(Map.of("status", person.status().name()),
                            person.status() == MemberStatus.BLOCKED ? "Demo: card reported as misused"
                                    : "Demo: member asked to close the account", "demo"));
                }
                enrolled++;
            } catch (CommandRefusedException e) {
                // only when someone enrolled the same email or phone by hand before the first demo start
                log.warn("Demo member {} skipped: {}", person.enrollment().email(), e.getMessage());
            }
        }
        return enrolled;
    }

    record DemoPerson(Enrollment enrollment, Instant enrolledAt, MemberStatus status) {
    }

    /** The demo people from the fixed seed; the same on every start (enrollment dates relative to now). */
    private static List<DemoPerson> people(int count, Instant now) {
        var random = new Random(RANDOM_SEED);
        var people = new ArrayList<DemoPerson>();
        var emails = new HashSet<String>();
        var phones = new HashSet<String>();
        for (int i = 0; i < count; i++) {
            people.add(person(random, i, now, emails, phones));
        }
        return people;
    }

    private static DemoPerson person(Random random, int index, Instant now, Set<String> emails, Set<String> phones) {
        boolean german = random.nextDouble() < 0.7;
        var firstName = pick(random, german ? GERMAN_FIRST_NAMES : ENGLISH_FIRST_NAMES);
        // families mix: a few German first names with English last names and the other way round
        boolean mixed = random.nextDouble() < 0.12;
        var lastName = pick(random, german != mixed ? GERMAN_LAST_NAMES : ENGLISH_LAST_NAMES);
        var email = email(random, firstName, lastName, emails);
        var phone = random.nextDouble() < 0.8 ? phone(random, phones) : null;
        var birthDate = random.nextDouble() < 0.88 ? LocalDate.ofInstant(now, ZoneOffset.UTC)
                .minusYears(18 + random.nextInt(58)).minusDays(random.nextInt(365)).toString() : null;
        var locale = german ? (random.nextDouble() < 0.9 ? "de" : "en") : (random.nextDouble() < 0.8 ? "en" : "de");
        var card = random.nextDouble() < 0.45 ? "MR" + (40_000_000 + index * 7_919L % 10_000_000) : null;
        var homeStore = random.nextDouble() < 0.85 ? weightedStore(random) : null;
        var consents = new EnumMap<Channel, Boolean>(Channel.class);
        consents.put(Channel.EMAIL, random.nextDouble() < 0.62);
        consents.put(Channel.SMS, phone != null && random.nextDouble() < 0.3);
        consents.put(Channel.PUSH, random.nextDouble() < 0.35);
        // more members joined recently than two years ago, as a growing program looks
        double age = Math.pow(random.nextDouble(), 1.4);
        var enrolledAt = now.minus(Duration.ofMinutes((long) (age * 730 * 24 * 60) + 60));
        double roll = random.nextDouble();
        var status = roll < 0.015 ? MemberStatus.BLOCKED : roll < 0.04 ? MemberStatus.CLOSED : MemberStatus.ACTIVE;
        return new DemoPerson(new Enrollment(firstName, lastName, email, phone, birthDate, locale, null, card,
                homeStore, consents, "demo", enrolledAt), enrolledAt, status);
    }

    private static String weightedStore(Random random) {
        int total = STORES.stream().mapToInt(DemoStore::weight).sum();
        int roll = random.nextInt(total);
        for (var store : STORES) {
            roll -= store.weight();
            if (roll < 0) {
                return store.code();
            }
        }
        return STORES.getLast().code();
    }

    private static String email(Random random, String firstName, String lastName, Set<String> taken) {
        var first = ascii(firstName);
        var last = ascii(lastName);
        var local = switch (random.nextInt(4)) {
            case 0 -> first + "." + last;
            case 1 -> first.charAt(0) + last;
            case 2 -> first + last.charAt(0) + (random.nextInt(90) + 10);
            default -> first + "_" + last;
        };
        var domain = pick(random, MAIL_DOMAINS);
        var email = local + "@" + domain;
        for (int n = 2; !taken.add(email); n++) {
            email = local + n + "@" + domain;
        }
        return email;
    }

    private static String phone(Random random, Set<String> taken) {
        String phone;
        do {
            var prefix = pick(random, MOBILE_PREFIXES);
            phone = prefix.startsWith("17")
                    ? "+49" + prefix + String.format("%07d", random.nextInt(10_000_000))
                    : "+49" + prefix + String.format("%08d", random.nextInt(100_000_000));
        } while (!taken.add(phone));
        return phone;
    }

    private static String ascii(String name) {
        var replaced = name.toLowerCase(Locale.ROOT).replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
                .replace("ß", "ss");
        return Normalizer.normalize(replaced, Normalizer.Form.NFD).replaceAll("[^a-z]", "");
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
