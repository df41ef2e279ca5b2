package io.loyaltydesk.rewards;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.RateLimits;
import io.loyaltydesk.rewards.internal.VoucherCodeGenerator;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.staff.Stores;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Voucher codes at the till: validate (look, change nothing) and redeem (use once, or up to the reward's uses).
 * A code that does not exist, was never issued, was cancelled or belongs to another member is "not found" and
 * counts as a wrong guess: {@link #WRONG_CODES} per caller (API key or staff user) and per member, after which
 * every attempt is refused with {@link TooManyAttempts} until the minute has passed.
 */
@Service
public class Vouchers {

    public static final RateLimits.Limit WRONG_CODES = new RateLimits.Limit("wrong-voucher-codes", 10,
            Duration.ofMinutes(1));

    private final JdbcClient jdbc;
    private final RateLimits rateLimits;
    private final Stores stores;
    private final AuditTrail audit;
    private final Clock clock;

    Vouchers(JdbcClient jdbc, RateLimits rateLimits, Stores stores, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.rateLimits = rateLimits;
        this.stores = stores;
        this.audit = audit;
        this.clock = clock;
    }

    private record Code(long id, long rewardId, String rewardName, Reward.Kind kind, String code, String status,
            Long memberId, Long redemptionId, int uses, int usesMax, Instant expiresAt, Long[] storeIds,
            Long discountMinor, String currency) {
    }

    @Transactional(readOnly = true)
    public VoucherCheck validate(String code, Long storeId, Long memberId) {
        var found = usable(code, storeId, memberId, false);
        return view(found, found.status());
    }

    /** Uses the code once. A code used up is a 409 {@code voucher-used}; a retry with the same Idempotency-Key replays. */
    @Transactional
    public VoucherCheck redeem(String code, Long storeId, Long memberId) {
        var found = usable(code, storeId, memberId, true);
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int changed = jdbc.sql("""
                update voucher_codes
                   set uses = uses + 1, status = case when uses + 1 >= uses_max then 'USED' else status end,
                       used_at = :now, used_store_id = :store
                 where id = :id and status = 'ISSUED' and uses < uses_max
                """)
                .param("now", Timestamp.from(now)).param("store", storeId).param("id", found.id()).update();
        if (changed == 0) {
            throw new CommandRefusedException.Conflict("voucher-used", "Voucher " + found.code() + " was already used");
        }
        if (found.redemptionId() != null) {
            jdbc.sql("""
                    update redemptions set status = 'USED', updated_at = :now
                     where id = :id and status = 'ISSUED'
                       and not exists (select 1 from voucher_codes where redemption_id = :id and status = 'ISSUED')
                    """)
                    .param("now", Timestamp.from(now)).param("id", found.redemptionId()).update();
        }
        var after = lookup(found.code());
        var view = view(after, after.status());
        audit.record("voucher.redeemed", "member", found.memberId(), null, view,
                storeId == null ? null : "store " + storeId);
        return view;
    }

    private Code usable(String raw, Long storeId, Long memberId, boolean forUpdate) {
        var caller = callerKey();
        if (rateLimits.exhausted(WRONG_CODES, caller)
                || memberId != null && rateLimits.exhausted(WRONG_CODES, "member:" + memberId)) {
            throw new TooManyAttempts(60);
        }
        var code = VoucherCodeGenerator.normalize(raw);
        var found = code.isEmpty() || code.length() > 64 ? null : lookup(code);
        if (found == null || found.status().equals("AVAILABLE") || found.status().equals("VOID")
                || memberId != null && !memberId.equals(found.memberId())) {
            boolean allowed = rateLimits.tryAcquire(WRONG_CODES, caller);
            if (memberId != null) {
                allowed &= rateLimits.tryAcquire(WRONG_CODES, "member:" + memberId);
            }
            if (!allowed) {
                throw new TooManyAttempts(60);
            }
            throw new CommandRefusedException.NotFound("Voucher", code.isEmpty() ? "(empty)" : code);
        }
        if (found.status().equals("USED")) {
            throw new CommandRefusedException.Conflict("voucher-used", "Voucher " + code + " was already used");
        }
        if (found.expiresAt() != null && !clock.instant().isBefore(found.expiresAt())) {
            throw new CommandRefusedException.RuleViolated("voucher-expired",
                    "Voucher " + code + " expired on " + found.expiresAt());
        }
        if (storeId != null && stores.byId(storeId).isEmpty()) {
            throw new CommandRefusedException.InvalidInput("storeId", "no store has the id " + storeId);
        }
        if (found.storeIds().length > 0 && (storeId == null || !java.util.List.of(found.storeIds()).contains(storeId))) {
            throw new CommandRefusedException.RuleViolated("voucher-store",
                    "Voucher " + code + " is not valid in this store");
        }
        return found;
    }

    private static String callerKey() {
        var actor = Actor.current();
        return actor.type() + ":" + (actor.id() != null ? actor.id() : actor.name());
    }

    private Code lookup(String code) {
        return jdbc.sql("""
                select c.*, r.name as reward_name, r.kind as reward_kind, r.store_ids, r.discount_minor, r.currency
                  from voucher_codes c join rewards r on r.id = c.reward_id
                 where c.code = :code
                """)
                .param("code", code)
                .query((rs, n) -> {
                    long member = rs.getLong("member_id");
                    Long memberId = rs.wasNull() ? null : member;
                    long redemption = rs.getLong("redemption_id");
                    Long redemptionId = rs.wasNull() ? null : redemption;
                    long discount = rs.getLong("discount_minor");
                    Long discountMinor = rs.wasNull() ? null : discount;
                    return new Code(rs.getLong("id"), rs.getLong("reward_id"), rs.getString("reward_name"),
                            Reward.Kind.valueOf(rs.getString("reward_kind")), rs.getString("code"),
                            rs.getString("status"), memberId, redemptionId, rs.getInt("uses"), rs.getInt("uses_max"),
                            RewardCatalog.instant(rs.getTimestamp("expires_at")),
                            (Long[]) rs.getArray("store_ids").getArray(), discountMinor, rs.getString("currency"));
                })
                .optional().orElse(null);
    }

    private static VoucherCheck view(Code code, String status) {
        return new VoucherCheck(code.code(), code.rewardId(), code.rewardName(), code.kind(), code.memberId(),
                code.redemptionId(), status, code.expiresAt(), code.usesMax() - code.uses(), code.discountMinor(),
                code.currency());
    }
}
