package io.loyaltydesk.rewards;

import io.loyaltydesk.ledger.EarnRequest;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.MemberStatus;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.platform.RateLimits;
import io.loyaltydesk.rewards.internal.VoucherCodeGenerator;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.AuditTrail;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Coupon (promo) codes. A member uses each coupon once (the primary key of coupon_uses says so); a coupon's
 * overall cap is a guarded counter. POINTS coupons credit their points at once; MULTIPLIER coupons wait,
 * ACTIVATED, for the member's next purchase recorded after the activation, which then earns
 * {@code pointsEarned * (factor - 1)} extra points (rounded down), explained with the coupon's name.
 * Wrong codes count against the same limit as wrong voucher codes.
 */
@Service
public class Coupons {

    private static final Pattern CODE = Pattern.compile("[A-Z0-9-]{4,32}");

    /** A new coupon as the API sends it. */
    public record CouponDefinition(String code, String name, Coupon.Kind kind, Long points, BigDecimal factor,
            Instant validFrom, Instant validTo, Integer usesMax) {
    }

    private final JdbcClient jdbc;
    private final PointsLedger ledger;
    private final Members members;
    private final RateLimits rateLimits;
    private final AuditTrail audit;
    private final Clock clock;

    Coupons(JdbcClient jdbc, PointsLedger ledger, Members members, RateLimits rateLimits, AuditTrail audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.members = members;
        this.rateLimits = rateLimits;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public Coupon create(CouponDefinition d) {
        var problems = new ArrayList<FieldProblem>();
        var code = VoucherCodeGenerator.normalize(d.code());
        if (!CODE.matcher(code).matches()) {
            problems.add(new FieldProblem("code", "use 4 to 32 letters, digits or dashes"));
        } else if (find(code).isPresent()) {
            problems.add(new FieldProblem("code", "is already taken"));
        }
        if (d.name() == null || d.name().isBlank() || d.name().length() > 120) {
            problems.add(new FieldProblem("name", "is required (at most 120 characters)"));
        }
        if (d.kind() == null) {
            problems.add(new FieldProblem("kind", "is required: POINTS or MULTIPLIER"));
        } else if (d.kind() == Coupon.Kind.POINTS && (d.points() == null || d.points() < 1 || d.points() > 1_000_000)) {
            problems.add(new FieldProblem("points", "must be between 1 and 1,000,000"));
        } else if (d.kind() == Coupon.Kind.MULTIPLIER && (d.factor() == null
                || d.factor().compareTo(BigDecimal.ONE) <= 0 || d.factor().compareTo(BigDecimal.TEN) > 0
                || d.factor().scale() > 2)) {
            problems.add(new FieldProblem("factor", "must be above 1 and at most 10, with up to two decimals"));
        }
        if (d.validFrom() != null && d.validTo() != null && !d.validTo().isAfter(d.validFrom())) {
            problems.add(new FieldProblem("validTo", "must be after the start"));
        }
        if (d.usesMax() != null && d.usesMax() < 1) {
            problems.add(new FieldProblem("usesMax", "must be at least 1 (leave empty for no cap)"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        long id = jdbc.sql("""
                insert into coupons (code, name, kind, points, factor, valid_from, valid_to, uses_max, created_at)
                values (:code, :name, :kind, :points, :factor, :from, :to, :usesMax, :now) returning id
                """)
                .param("code", code).param("name", d.name().strip()).param("kind", d.kind().name())
                .param("points", d.kind() == Coupon.Kind.POINTS ? d.points() : null)
                .param("factor", d.kind() == Coupon.Kind.MULTIPLIER ? d.factor() : null)
                .param("from", d.validFrom() == null ? null : Timestamp.from(d.validFrom()))
                .param("to", d.validTo() == null ? null : Timestamp.from(d.validTo()))
                .param("usesMax", d.usesMax()).param("now", Timestamp.from(clock.instant()))
                .query(Long.class).single();
        var coupon = find(code).orElseThrow();
        audit.record("coupon.created", "coupon", id, null, coupon, null);
        return coupon;
    }

    @Transactional(readOnly = true)
    public List<Coupon> all() {
        return jdbc.sql("select * from coupons order by id desc limit 500").query(Coupons::coupon).list();
    }

    /** A member enters a coupon code. */
    @Transactional
    public CouponUse use(long memberId, String rawCode) {
        var member = members.get(new MemberId(memberId));
        if (member.status() != MemberStatus.ACTIVE) {
            throw new CommandRefusedException.RuleViolated("member-not-active",
                    "Member " + memberId + " is " + member.status().name().toLowerCase() + " and cannot use coupons");
        }
        var caller = Actor.current();
        var callerKey = caller.type() + ":" + (caller.id() != null ? caller.id() : caller.name());
        if (rateLimits.exhausted(Vouchers.WRONG_CODES, callerKey)
                || rateLimits.exhausted(Vouchers.WRONG_CODES, "member:" + memberId)) {
            throw new TooManyAttempts(60);
        }
        var code = VoucherCodeGenerator.normalize(rawCode);
        var coupon = code.isEmpty() || code.length() > 32 ? Optional.<Coupon>empty() : find(code);
        if (coupon.isEmpty() || !coupon.get().active()) {
            boolean allowed = rateLimits.tryAcquire(Vouchers.WRONG_CODES, callerKey)
                    & rateLimits.tryAcquire(Vouchers.WRONG_CODES, "member:" + memberId);
            if (!allowed) {
                throw new TooManyAttempts(60);
            }
            throw new CommandRefusedException.NotFound("Coupon", code.isEmpty() ? "(empty)" : code);
        }
        var c = coupon.get();
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (c.validFrom() != null && now.isBefore(c.validFrom()) || c.validTo() != null && !now.isBefore(c.validTo())) {
            throw new CommandRefusedException.RuleViolated("coupon-expired", "Coupon " + code + " is not valid now");
        }
        int inserted = jdbc.sql("""
                insert into coupon_uses (member_id, coupon_id, status, points, created_at)
                values (:member, :coupon, :status, :points, :now)
                on conflict (member_id, coupon_id) do nothing
                """)
                .param("member", memberId).param("coupon", c.id())
                .param("status", c.kind() == Coupon.Kind.POINTS ? "GRANTED" : "ACTIVATED")
                .param("points", c.points()).param("now", Timestamp.from(now)).update();
        if (inserted == 0) {
            throw new CommandRefusedException.Conflict("coupon-used", "Member " + memberId + " already used coupon " + code);
        }
        int counted = jdbc.sql("""
                update coupons set uses = uses + 1 where id = :id and (uses_max is null or uses < uses_max)
                """).param("id", c.id()).update();
        if (counted == 0) {
            throw new CommandRefusedException.RuleViolated("coupon-exhausted", "Coupon " + code + " was used up");
        }
        if (c.kind() == Coupon.Kind.POINTS) {
            ledger.earn(List.of(new EarnRequest(memberId, c.points(), now, "coupon", Long.toString(c.id()), null,
                    null, "Coupon " + c.code() + ": " + c.name())));
        }
        audit.record("coupon.used", "member", memberId, null, java.util.Map.of("coupon", code), null);
        return useOf(memberId, c.id()).orElseThrow();
    }

    /**
     * Applies the member's oldest activated multiplier coupon to a purchase recorded after it was activated; at
     * most one coupon per purchase, and a replayed purchase event finds the coupon already used.
     */
    @Transactional
    public Optional<CouponUse> applyMultiplier(long memberId, long purchaseId, Instant purchasedAt, long pointsEarned) {
        if (pointsEarned <= 0) {
            return Optional.empty();
        }
        // one statement: no coupon waits when one was applied to this purchase already (a replayed event)
        var waiting = jdbc.sql("""
                select u.coupon_id, c.factor, c.code, c.name from coupon_uses u join coupons c on c.id = u.coupon_id
                 where u.member_id = :member and u.status = 'ACTIVATED' and u.created_at <= :at
                   and not exists (select 1 from coupon_uses p where p.member_id = :member and p.purchase_id = :purchase)
                 order by u.created_at limit 1 for update of u
                """)
                .param("member", memberId).param("at", Timestamp.from(purchasedAt)).param("purchase", purchaseId)
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getBigDecimal(2), rs.getString(3), rs.getString(4)})
                .optional();
        if (waiting.isEmpty()) {
            return Optional.empty();
        }
        long couponId = (Long) waiting.get()[0];
        var factor = (BigDecimal) waiting.get()[1];
        long extra = factor.subtract(BigDecimal.ONE).multiply(BigDecimal.valueOf(pointsEarned))
                .setScale(0, RoundingMode.DOWN).longValueExact();
        jdbc.sql("""
                update coupon_uses set status = 'USED', points = :points, purchase_id = :purchase, used_at = :now
                 where member_id = :member and coupon_id = :coupon
                """)
                .param("points", extra).param("purchase", purchaseId).param("now", Timestamp.from(clock.instant()))
                .param("member", memberId).param("coupon", couponId).update();
        if (extra > 0) {
            ledger.earn(List.of(new EarnRequest(memberId, extra, purchasedAt, "coupon", Long.toString(couponId), null,
                    null, "Coupon " + waiting.get()[2] + " (" + waiting.get()[3] + "): " + factor.stripTrailingZeros()
                            .toPlainString() + "x points on purchase #" + purchaseId + ", " + extra + " extra")));
        }
        return useOf(memberId, couponId);
    }

    /**
     * Which of these members have an activated coupon waiting for a purchase, in one query: a batch of purchases
     * calls {@link #applyMultiplier} only for their purchases (few), not for each.
     */
    @Transactional(readOnly = true)
    public Set<Long> membersWithActivatedCoupons(Collection<Long> memberIds) {
        return new HashSet<>(jdbc.sql("""
                select distinct member_id from coupon_uses where member_id = any(:members) and status = 'ACTIVATED'
                """)
                .param("members", memberIds.stream().distinct().toArray(Long[]::new)).query(Long.class).list());
    }

    @Transactional(readOnly = true)
    public List<CouponUse> usesOf(long memberId) {
        return jdbc.sql(USES + " where u.member_id = :member order by u.created_at desc").param("member", memberId)
                .query(Coupons::use).list();
    }

    private Optional<CouponUse> useOf(long memberId, long couponId) {
        return jdbc.sql(USES + " where u.member_id = :member and u.coupon_id = :coupon")
                .param("member", memberId).param("coupon", couponId).query(Coupons::use).optional();
    }

    private Optional<Coupon> find(String code) {
        return jdbc.sql("select * from coupons where code = :code").param("code", code).query(Coupons::coupon)
                .optional();
    }

    private static final String USES = "select u.*, c.code, c.kind from coupon_uses u join coupons c on c.id = u.coupon_id";

    private static CouponUse use(ResultSet rs, int n) throws SQLException {
        long points = rs.getLong("points");
        Long pointsOrNull = rs.wasNull() ? null : points;
        long purchase = rs.getLong("purchase_id");
        Long purchaseId = rs.wasNull() ? null : purchase;
        return new CouponUse(rs.getLong("member_id"), rs.getLong("coupon_id"), rs.getString("code"),
                Coupon.Kind.valueOf(rs.getString("kind")), rs.getString("status"), pointsOrNull, purchaseId,
                RewardCatalog.instant(rs.getTimestamp("created_at")), RewardCatalog.instant(rs.getTimestamp("used_at")));
    }

    private static Coupon coupon(ResultSet rs, int n) throws SQLException {
        long points = rs.getLong("points");
        Long pointsOrNull = rs.wasNull() ? null : points;
        int usesMax = rs.getInt("uses_max");
        Integer usesMaxOrNull = rs.wasNull() ? null : usesMax;
        return new Coupon(rs.getLong("id"), rs.getString("code"), rs.getString("name"),
                Coupon.Kind.valueOf(rs.getString("kind")), pointsOrNull, rs.getBigDecimal("factor"),
                RewardCatalog.instant(rs.getTimestamp("valid_from")), RewardCatalog.instant(rs.getTimestamp("valid_to")),
                usesMaxOrNull, rs.getInt("uses"), rs.getBoolean("active"),
                RewardCatalog.instant(rs.getTimestamp("created_at")));
    }
}
