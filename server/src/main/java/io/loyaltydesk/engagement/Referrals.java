package io.loyaltydesk.engagement;

import io.loyaltydesk.ledger.EarnRequest;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.members.IdentifierKind;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.platform.RateLimits;
import io.loyaltydesk.purchases.PurchaseRecorded;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.tiers.Tiers;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Referral codes and two-sided rewards. Every member has a code (given the first time it is asked for); a new
 * member who joins with it is recorded as referred; the first purchase of at least the configured amount within
 * the configured days of joining qualifies the referral, once, and gives both sides their points through the
 * ledger. Self-referrals and referrals between members sharing an email or phone are refused; a referrer is
 * rewarded for at most {@code monthlyCap} referrals per calendar month.
 */
@Service
public class Referrals {

    /** No 0/O, 1/I/L: a code read aloud or typed from a screenshot is not mistaken. */
    static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    static final int CODE_LENGTH = 7;
    private static final Pattern CODE = Pattern.compile("[" + ALPHABET + "]{" + CODE_LENGTH + "}");
    public static final String SOURCE_TYPE = "referral";
    /** Unknown codes typed on the public join page, per address: guessing codes is slow. */
    public static final RateLimits.Limit WRONG_CODES = new RateLimits.Limit("wrong-referral-codes", 10,
            Duration.ofMinutes(10));

    /** Why a code cannot be used by someone joining. */
    public enum Refusal { UNKNOWN_CODE, OWN_CODE, SAME_PERSON, ALREADY_REFERRED, PROGRAM_OFF }

    private static final Logger log = LoggerFactory.getLogger(Referrals.class);

    private final JdbcClient jdbc;
    private final Members members;
    private final PointsLedger ledger;
    private final AuditTrail audit;
    private final Tiers tiers;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    Referrals(JdbcClient jdbc, Members members, PointsLedger ledger, AuditTrail audit, Tiers tiers, Clock clock) {
        this.jdbc = jdbc;
        this.members = members;
        this.ledger = ledger;
        this.audit = audit;
        this.tiers = tiers;
        this.clock = clock;
    }

    // ---- settings

    @Transactional(readOnly = true)
    public ReferralSettings settings() {
        return jdbc.sql("select * from referral_settings where id = 1").query((rs, n) -> new ReferralSettings(
                rs.getBoolean("enabled"), rs.getLong("referrer_points"), rs.getLong("referred_points"),
                rs.getBigDecimal("min_purchase_amount"), rs.getInt("qualify_days"), rs.getInt("monthly_cap")))
                .single();
    }

    @Transactional
    public ReferralSettings updateSettings(ReferralSettings settings, String reason) {
        var problems = new ArrayList<FieldProblem>();
        if (settings.referrerPoints() < 0 || settings.referrerPoints() > 1_000_000) {
            problems.add(new FieldProblem("referrerPoints", "must be between 0 and 1000000"));
        }
        if (settings.referredPoints() < 0 || settings.referredPoints() > 1_000_000) {
            problems.add(new FieldProblem("referredPoints", "must be between 0 and 1000000"));
        }
        if (settings.minPurchaseAmount() == null || settings.minPurchaseAmount().signum() < 0
                || settings.minPurchaseAmount().scale() > 2
                || settings.minPurchaseAmount().compareTo(new BigDecimal("1000000")) > 0) {
            problems.add(new FieldProblem("minPurchaseAmount", "must be an amount between 0 and 1000000"));
        }
        if (settings.qualifyDays() < 1 || settings.qualifyDays() > 365) {
            problems.add(new FieldProblem("qualifyDays", "must be between 1 and 365"));
        }
        if (settings.monthlyCap() < 0 || settings.monthlyCap() > 1000) {
            problems.add(new FieldProblem("monthlyCap", "must be between 0 and 1000"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var before = settings();
        jdbc.sql("""
                update referral_settings set enabled = :enabled, referrer_points = :referrer,
                       referred_points = :referred, min_purchase_amount = :min, qualify_days = :days,
                       monthly_cap = :cap, updated_at = :now
                 where id = 1
                """)
                .param("enabled", settings.enabled()).param("referrer", settings.referrerPoints())
                .param("referred", settings.referredPoints()).param("min", settings.minPurchaseAmount())
                .param("days", settings.qualifyDays()).param("cap", settings.monthlyCap())
                .param("now", Timestamp.from(clock.instant())).update();
        var after = settings();
        audit.record("referrals.settings-changed", "settings", "referrals", before, after, reason);
        return after;
    }

    // ---- codes

    /** The member's code, given now if they have none yet. */
    @Transactional
    public String codeOf(long memberId) {
        members.requireExists(new MemberId(memberId));
        var existing = storedCode(memberId);
        if (existing.isPresent()) {
            return existing.get();
        }
        for (int attempt = 0; attempt < 20; attempt++) {
            var candidate = newCode();
            // the member's own row may be written by a concurrent request: then that code is the member's
            int inserted = jdbc.sql("""
                    insert into referral_codes (member_id, code, created_at) values (:member, :code, :now)
                    on conflict do nothing
                    """)
                    .param("member", memberId).param("code", candidate).param("now", Timestamp.from(clock.instant()))
                    .update();
            var stored = storedCode(memberId);
            if (inserted > 0 || stored.isPresent()) {
                return stored.orElseThrow();
            }
        }
        throw new IllegalStateException("no free referral code found in 20 attempts");
    }

    /** Upper case without spaces and dashes, as people type what they were sent; null when blank. */
    public static String normalise(String code) {
        if (code == null) {
            return null;
        }
        var normal = code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        return normal.isEmpty() ? null : normal;
    }

    /** Counts a join page opened through a member's share link; unknown codes are ignored. */
    @Transactional
    public void linkOpened(String code) {
        var normal = normalise(code);
        if (normal != null && CODE.matcher(normal).matches()) {
            jdbc.sql("update referral_codes set link_opens = link_opens + 1 where code = :code")
                    .param("code", normal).update();
        }
    }

    /** Whether the code exists (for pre-filling the join form). */
    @Transactional(readOnly = true)
    public boolean exists(String code) {
        var normal = normalise(code);
        return normal != null && ownerOf(normal).isPresent();
    }

    // ---- joining with a code

    /**
     * Why a person with this email and phone could not join with {@code code}, or empty when they can. A member
     * already enrolled (the API's case) is also checked against the owner's identifiers and their own code.
     */
    @Transactional(readOnly = true)
    public Optional<Refusal> refusal(String code, String email, String phone) {
        return refusal(code, null, email == null ? List.of() : List.of(email), phone == null ? List.of() : List.of(phone));
    }

    private Optional<Refusal> refusal(String code, Long memberId, List<String> emails, List<String> phones) {
        if (!settings().enabled()) {
            return Optional.of(Refusal.PROGRAM_OFF);
        }
        var normal = normalise(code);
        var owner = normal == null ? Optional.<Long>empty() : ownerOf(normal);
        if (owner.isEmpty()) {
            return Optional.of(Refusal.UNKNOWN_CODE);
        }
        if (memberId != null && owner.get().longValue() == memberId) {
            return Optional.of(Refusal.OWN_CODE);
        }
        var referrer = members.find(new MemberId(owner.get()));
        if (referrer.isEmpty() || referrer.get().erased()) {
            return Optional.of(Refusal.UNKNOWN_CODE);
        }
        if (shares(referrer.get(), emails, phones)) {
            return Optional.of(Refusal.SAME_PERSON);
        }
        if (memberId != null && find(memberId).isPresent()) {
            return Optional.of(Refusal.ALREADY_REFERRED);
        }
        return Optional.empty();
    }

    /**
     * Records that a member joined with {@code code}. Their window to qualify runs from now. Refusals are a 400 on
     * {@code referralCode} (unknown code, own code, same email or phone as the code's owner, program switched off)
     * or a 409 when the member was referred before.
     */
    @Transactional
    public Referral join(long memberId, String code) {
        var member = members.get(new MemberId(memberId));
        var refusal = refusal(code, memberId, member.all(IdentifierKind.EMAIL), member.all(IdentifierKind.PHONE));
        if (refusal.isPresent()) {
            if (refusal.get() == Refusal.ALREADY_REFERRED) {
                throw new CommandRefusedException.Conflict("already-referred",
                        "Member " + memberId + " already joined with a referral code");
            }
            throw new CommandRefusedException.InvalidInput("referralCode", explain(refusal.get()));
        }
        var normal = normalise(code);
        long referrer = ownerOf(normal).orElseThrow();
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var until = now.plus(Duration.ofDays(settings().qualifyDays()));
        int inserted = jdbc.sql("""
                insert into referrals (member_id, referrer_member_id, code, status, joined_at, qualify_until,
                                       created_at, updated_at)
                values (:member, :referrer, :code, 'JOINED', :now, :until, :now, :now)
                on conflict do nothing
                """)
                .param("member", memberId).param("referrer", referrer).param("code", normal)
                .param("now", Timestamp.from(now)).param("until", Timestamp.from(until)).update();
        if (inserted == 0) {
            throw new CommandRefusedException.Conflict("already-referred",
                    "Member " + memberId + " already joined with a referral code");
        }
        var referral = find(memberId).orElseThrow();
        audit.record("referral.joined", "member", memberId, null, referral, null);
        return referral;
    }

    static String explain(Refusal refusal) {
        return switch (refusal) {
            case UNKNOWN_CODE -> "no member has this referral code";
            case OWN_CODE -> "is the member's own code";
            case SAME_PERSON -> "belongs to a member with the same email or phone";
            case ALREADY_REFERRED -> "the member already joined with a referral code";
            case PROGRAM_OFF -> "the referral program is switched off";
        };
    }

    // ---- qualifying

    /**
     * A purchase of a referred member may qualify their referral: under the referral's row lock, so a purchase
     * delivered twice, or two purchases at once, reward once. The referrer's code row is locked while their
     * rewarded referrals of the month are counted, so two referrals qualifying at once cannot both pass the cap.
     */
    @Transactional
    void purchaseRecorded(PurchaseRecorded purchase) {
        var referral = jdbc.sql("select * from referrals where member_id = :member and status = 'JOINED' for update")
                .param("member", purchase.memberId()).query(this::referral).optional();
        if (referral.isEmpty()) {
            return;
        }
        var settings = settings();
        var r = referral.get();
        if (!settings.enabled() || purchase.occurredAt().isBefore(r.joinedAt().truncatedTo(ChronoUnit.SECONDS))
                || purchase.occurredAt().isAfter(r.qualifyUntil())
                || purchase.totalAmount().compareTo(settings.minPurchaseAmount()) < 0) {
            return;
        }
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("select member_id from referral_codes where member_id = :referrer for update")
                .param("referrer", r.referrerMemberId()).query(Long.class).optional();
        var monthStart = LocalDate.ofInstant(now, tiers.zone()).withDayOfMonth(1).atStartOfDay(tiers.zone());
        long rewardedThisMonth = jdbc.sql("""
                select count(*) from referrals
                 where referrer_member_id = :referrer and status = 'QUALIFIED' and referrer_points > 0
                   and qualified_at >= :from and qualified_at < :to
                """)
                .param("referrer", r.referrerMemberId()).param("from", Timestamp.from(monthStart.toInstant()))
                .param("to", Timestamp.from(monthStart.plusMonths(1).toInstant())).query(Long.class).single();
        boolean capped = rewardedThisMonth >= settings.monthlyCap();
        var referrer = members.find(new MemberId(r.referrerMemberId())).filter(m -> !m.erased());
        long referrerPoints = capped || referrer.isEmpty() ? 0 : settings.referrerPoints();
        long referredPoints = settings.referredPoints();
        jdbc.sql("""
                update referrals set status = 'QUALIFIED', qualified_at = :now, purchase_id = :purchase,
                       referrer_points = :referrerPoints, referred_points = :referredPoints, capped = :capped,
                       updated_at = :now
                 where member_id = :member
                """)
                .param("now", Timestamp.from(now)).param("purchase", purchase.purchaseId())
                .param("referrerPoints", referrerPoints).param("referredPoints", referredPoints)
                .param("capped", capped).param("member", r.memberId()).update();
        var newMember = members.get(new MemberId(r.memberId()));
        if (referredPoints > 0) {
            ledger.earn(List.of(new EarnRequest(r.memberId(), referredPoints, now, SOURCE_TYPE,
                    Long.toString(r.memberId()), null, null, "Referral: welcome bonus for joining with "
                            + referrer.map(Referrals::firstName).orElse("a friend") + "'s code")));
        }
        if (referrerPoints > 0) {
            ledger.earn(List.of(new EarnRequest(r.referrerMemberId(), referrerPoints, now, SOURCE_TYPE,
                    Long.toString(r.memberId()), null, null,
                    "Referral: " + firstName(newMember) + " joined with your code")));
        }
        if (capped) {
            log.info("Referral of member {} qualified; referrer {} reached the monthly cap of {}", r.memberId(),
                    r.referrerMemberId(), settings.monthlyCap());
        }
    }

    /**
     * {@link #purchaseRecorded} for purchases sorted by member (a batch): one query finds the members among them whose
     * referral still waits for a qualifying purchase (few), and only their purchases are looked at, one by one.
     */
    @Transactional
    void purchasesRecorded(List<PurchaseRecorded> purchases) {
        var joined = new java.util.HashSet<>(jdbc.sql("""
                select member_id from referrals where member_id = any(:members) and status = 'JOINED'
                """)
                .param("members", purchases.stream().map(PurchaseRecorded::memberId).distinct().toArray(Long[]::new))
                .query(Long.class).list());
        purchases.stream().filter(p -> joined.contains(p.memberId())).forEach(this::purchaseRecorded);
    }

    private static String firstName(Member member) {
        return member.firstName() == null || member.firstName().isBlank() ? "A friend" : member.firstName().strip();
    }

    /**
     * A duplicate merged into a survivor: the survivor keeps their own code (or takes the duplicate's when they had
     * none), referrals the duplicate made become the survivor's, and the duplicate's own referral moves over when
     * the survivor was not referred. A referral between the two is dropped: after the merge it is a self-referral.
     */
    @Transactional
    void membersMerged(long survivor, long duplicate) {
        var params = java.util.Map.<String, Object>of("survivor", survivor, "duplicate", duplicate);
        jdbc.sql("""
                delete from referrals where (member_id = :survivor and referrer_member_id = :duplicate)
                                         or (member_id = :duplicate and referrer_member_id = :survivor)
                """).params(params).update();
        jdbc.sql("""
                update referral_codes set member_id = :survivor
                 where member_id = :duplicate
                   and not exists (select 1 from referral_codes where member_id = :survivor)
                """).params(params).update();
        jdbc.sql("delete from referral_codes where member_id = :duplicate").params(params).update();
        jdbc.sql("update referrals set referrer_member_id = :survivor where referrer_member_id = :duplicate")
                .params(params).update();
        jdbc.sql("""
                update referrals set member_id = :survivor
                 where member_id = :duplicate and not exists (select 1 from referrals where member_id = :survivor)
                """).params(params).update();
        jdbc.sql("delete from referrals where member_id = :duplicate").params(params).update();
    }

    // ---- reads

    /** The member's referral page: code, link opens, who joined and qualified, points earned, who referred them. */
    @Transactional
    public ReferralSummary summary(long memberId) {
        var code = codeOf(memberId);
        long opens = jdbc.sql("select link_opens from referral_codes where member_id = :m").param("m", memberId)
                .query(Long.class).single();
        var referrals = jdbc.sql("""
                select * from referrals where referrer_member_id = :m order by joined_at desc, member_id desc limit 200
                """).param("m", memberId).query(this::referral).list();
        int qualified = (int) referrals.stream().filter(r -> r.status() == Referral.Status.QUALIFIED).count();
        long points = referrals.stream().mapToLong(Referral::referrerPoints).sum();
        int joined = jdbc.sql("select count(*) from referrals where referrer_member_id = :m").param("m", memberId)
                .query(Integer.class).single();
        return new ReferralSummary(memberId, code, opens, joined, qualified, points, referrals,
                find(memberId).orElse(null), settings());
    }

    /** The referral of a member who joined with a code. */
    @Transactional(readOnly = true)
    public Optional<Referral> find(long memberId) {
        return jdbc.sql("select * from referrals where member_id = :m").param("m", memberId).query(this::referral)
                .optional();
    }

    /** The latest referrals of the whole program, for the console. */
    @Transactional(readOnly = true)
    public List<Referral> recent(int limit) {
        return jdbc.sql("select * from referrals order by created_at desc, member_id desc limit :limit")
                .param("limit", limit).query(this::referral).list();
    }

    /** Counts for the console: referrals, qualified ones, points given to both sides. */
    public record Totals(long joined, long qualified, long pointsGiven) {
    }

    @Transactional(readOnly = true)
    public Totals totals() {
        return jdbc.sql("""
                select count(*) as joined, count(*) filter (where status = 'QUALIFIED') as qualified,
                       coalesce(sum(referrer_points + referred_points), 0) as points
                  from referrals
                """).query((rs, n) -> new Totals(rs.getLong("joined"), rs.getLong("qualified"), rs.getLong("points")))
                .single();
    }

    private Optional<String> storedCode(long memberId) {
        return jdbc.sql("select code from referral_codes where member_id = :m").param("m", memberId)
                .query(String.class).optional();
    }

    private Optional<Long> ownerOf(String normalCode) {
        return jdbc.sql("select member_id from referral_codes where code = :code").param("code", normalCode)
                .query(Long.class).optional();
    }

    private String newCode() {
        var code = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /**
     * Whether the person joining shares an email or phone with the code's owner. Emails compare without a
     * {@code +tag} and case ({@code ben+2@example.com} is Ben's mailbox), phones by their digits.
     */
    static boolean shares(Member referrer, List<String> emails, List<String> phones) {
        var theirs = new HashSet<String>();
        referrer.all(IdentifierKind.EMAIL).forEach(e -> theirs.add("e:" + mailbox(e)));
        referrer.all(IdentifierKind.PHONE).forEach(p -> theirs.add("p:" + digits(p)));
        return emails.stream().filter(e -> e != null && !e.isBlank()).anyMatch(e -> theirs.contains("e:" + mailbox(e)))
                || phones.stream().filter(p -> p != null && !digits(p).isEmpty())
                .anyMatch(p -> theirs.contains("p:" + digits(p)));
    }

    static String mailbox(String email) {
        var normal = email.strip().toLowerCase(Locale.ROOT);
        int at = normal.lastIndexOf('@');
        if (at <= 0) {
            return normal;
        }
        var local = normal.substring(0, at);
        int plus = local.indexOf('+');
        return (plus > 0 ? local.substring(0, plus) : local) + normal.substring(at);
    }

    private static String digits(String phone) {
        return phone.replaceAll("\\D", "");
    }

    private Referral referral(ResultSet rs, int row) throws SQLException {
        long memberId = rs.getLong("member_id");
        var name = members.find(new MemberId(memberId)).filter(m -> !m.erased()).map(Referrals::firstName)
                .orElse("—");
        return new Referral(memberId, name, rs.getLong("referrer_member_id"), rs.getString("code"),
                Referral.Status.valueOf(rs.getString("status")), instant(rs, "joined_at"),
                instant(rs, "qualify_until"), instant(rs, "qualified_at"),
                rs.getObject("purchase_id") == null ? null : rs.getLong("purchase_id"), rs.getLong("referrer_points"),
                rs.getLong("referred_points"), rs.getBoolean("capped"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
