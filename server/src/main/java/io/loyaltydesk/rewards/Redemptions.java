package io.loyaltydesk.rewards;

import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.MemberStatus;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.KeysetPage;
import io.loyaltydesk.rewards.internal.VoucherCodeGenerator;
import io.loyaltydesk.staff.AuditTrail;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Redeeming rewards. One transaction per redemption, its locks always taken in the same order (the member's
 * count of the reward, the member's points, the reward's stock, codes) so that parallel redemptions queue
 * instead of deadlocking: the per-member limit is a guarded upsert, points are held on the ledger, stock is
 * taken with a guarded update (never oversold), codes come from the pool with {@code FOR UPDATE SKIP LOCKED} or
 * are generated, and the points are confirmed last. Anything refused rolls all of it back.
 */
@Service
public class Redemptions {

    public static final int QUANTITY_MAX = 10;

    private static final Map<Redemption.Status, Set<Redemption.Status>> FULFILLMENT = Map.of(
            Redemption.Status.PACKED, Set.of(Redemption.Status.REQUESTED),
            Redemption.Status.SHIPPED, Set.of(Redemption.Status.REQUESTED, Redemption.Status.PACKED),
            Redemption.Status.DELIVERED, Set.of(Redemption.Status.SHIPPED),
            Redemption.Status.RETURNED, Set.of(Redemption.Status.SHIPPED, Redemption.Status.DELIVERED));

    private final JdbcClient jdbc;
    private final RewardCatalog catalog;
    private final PointsLedger ledger;
    private final Members members;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Redemptions(JdbcClient jdbc, RewardCatalog catalog, PointsLedger ledger, Members members,
            AuditTrail audit, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.ledger = ledger;
        this.members = members;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Redemption redeem(long memberId, long rewardId, Integer quantityAsked, String shippingAddress) {
        int quantity = quantityAsked == null ? 1 : quantityAsked;
        if (quantity < 1 || quantity > QUANTITY_MAX) {
            throw new CommandRefusedException.InvalidInput("quantity", "must be between 1 and " + QUANTITY_MAX);
        }
        var member = members.get(new MemberId(memberId));
        if (member.status() != MemberStatus.ACTIVE) {
            throw new CommandRefusedException.RuleViolated("member-not-active",
                    "Member " + memberId + " is " + member.status().name().toLowerCase() + " and cannot redeem");
        }
        var reward = catalog.get(rewardId);
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (!reward.availableAt(now)) {
            throw new CommandRefusedException.RuleViolated("reward-not-available",
                    "Reward " + rewardId + " cannot be redeemed now (" + reward.status().name().toLowerCase()
                            + (reward.validFrom() != null || reward.validTo() != null ? ", or outside its dates" : "")
                            + ")");
        }
        if (reward.visibility() == Reward.Visibility.TIER && !reward.visibleTo(catalog.tierOf(memberId))) {
            throw new CommandRefusedException.RuleViolated("tier-exclusive",
                    "Reward " + rewardId + " is only for members of the tiers " + reward.tierCodes());
        }
        if (reward.visibility() == Reward.Visibility.SEGMENT
                && !reward.visibleTo(null, catalog.segmentCodesOf(memberId))) {
            throw new CommandRefusedException.RuleViolated("segment-exclusive",
                    "Reward " + rewardId + " is only for members of the segments " + reward.segmentCodes());
        }
        if (reward.kind() == Reward.Kind.SHIPPED_ITEM
                && (shippingAddress == null || shippingAddress.isBlank() || shippingAddress.length() > 500)) {
            throw new CommandRefusedException.InvalidInput("shippingAddress",
                    "a shipped reward needs the address to send it to (at most 500 characters)");
        }
        if (reward.limitPerMember() != null) {
            int held = jdbc.sql("""
                    insert into reward_member_counts (member_id, reward_id, quantity, created_at)
                    values (:member, :reward, :quantity, :now)
                    on conflict (member_id, reward_id) do update
                       set quantity = reward_member_counts.quantity + excluded.quantity
                     where reward_member_counts.quantity + excluded.quantity <= :limit
                    """)
                    .param("member", memberId).param("reward", rewardId).param("quantity", quantity)
                    .param("now", Timestamp.from(now)).param("limit", reward.limitPerMember()).update();
            if (held == 0 || quantity > reward.limitPerMember()) {
                throw new CommandRefusedException.RuleViolated("limit-reached", "A member can redeem reward "
                        + rewardId + " at most " + reward.limitPerMember() + " times");
            }
        }
        long points = Math.multiplyExact(reward.costPoints(), quantity);
        var reservation = ledger.reserve(memberId, points, "reward " + rewardId);
        if (!reward.unlimited()) {
            int taken = jdbc.sql("""
                    update rewards set stock_left = stock_left - :quantity
                     where id = :id and stock_left >= :quantity
                    """)
                    .param("quantity", quantity).param("id", rewardId).update();
            if (taken == 0) {
                throw new CommandRefusedException.RuleViolated("out-of-stock",
                        "Reward " + rewardId + " has fewer than " + quantity + " left");
            }
        }
        var status = switch (reward.kind()) {
            case SHIPPED_ITEM -> Redemption.Status.REQUESTED;
            case CHARITY_DONATION -> Redemption.Status.COMPLETED;
            default -> Redemption.Status.ISSUED;
        };
        long id = jdbc.sql("""
                insert into redemptions (member_id, reward_id, quantity, points, status, reservation_id,
                                         shipping_address, created_at, updated_at)
                values (:member, :reward, :quantity, :points, :status, :reservation, :address, :now, :now)
                returning id
                """)
                .param("member", memberId).param("reward", rewardId).param("quantity", quantity)
                .param("points", points).param("status", status.name()).param("reservation", reservation.id())
                .param("address", reward.kind() == Reward.Kind.SHIPPED_ITEM ? shippingAddress.strip() : null)
                .param("now", Timestamp.from(now))
                .query(Long.class).single();
        if (reward.kind().usesCodes()) {
            allocateCodes(reward, memberId, id, quantity, now);
        }
        ledger.confirm(reservation.id());
        var redemption = get(id);
        audit.record("reward.redeemed", "member", memberId, null, summary(redemption), null);
        events.publishEvent(new RewardRedeemed(id, memberId, rewardId, quantity, points));
        return redemption;
    }

    private void allocateCodes(Reward reward, long memberId, long redemptionId, int quantity, Instant now) {
        var expiresAt = reward.codeValidDays() == null ? null
                : Timestamp.from(now.plus(Duration.ofDays(reward.codeValidDays())));
        if (reward.codeSource() == Reward.CodeSource.POOL) {
            var ids = jdbc.sql("""
                    select id from voucher_codes where reward_id = :reward and status = 'AVAILABLE'
                     order by id limit :quantity for update skip locked
                    """)
                    .param("reward", reward.id()).param("quantity", quantity).query(Long.class).list();
            if (ids.size() < quantity) {
                throw new CommandRefusedException.RuleViolated("out-of-codes",
                        "The code pool of reward " + reward.id() + " is empty");
            }
            jdbc.sql("""
                    update voucher_codes set status = 'ISSUED', member_id = :member, redemption_id = :redemption,
                           expires_at = :expires, issued_at = :now
                     where id in (:ids)
                    """)
                    .param("member", memberId).param("redemption", redemptionId).param("expires", expiresAt)
                    .param("now", Timestamp.from(now)).param("ids", ids).update();
            catalog.refreshLowPool(reward.id());
            return;
        }
        for (int i = 0; i < quantity; i++) {
            int inserted = 0;
            // a collision in a space of 10^12 and more is next to impossible; a few tries make it impossible
            for (int attempt = 0; inserted == 0 && attempt < 5; attempt++) {
                inserted = jdbc.sql("""
                        insert into voucher_codes (reward_id, code, source, status, member_id, redemption_id,
                                                   uses_max, expires_at, issued_at, created_at)
                        values (:reward, :code, 'GENERATED', 'ISSUED', :member, :redemption, :usesMax, :expires,
                                :now, :now)
                        on conflict (code) do nothing
                        """)
                        .param("reward", reward.id())
                        .param("code", VoucherCodeGenerator.generate(reward.codeLength(), reward.codeAlphabet()))
                        .param("member", memberId).param("redemption", redemptionId)
                        .param("usesMax", reward.codeUsesMax()).param("expires", expiresAt)
                        .param("now", Timestamp.from(now)).update();
            }
            if (inserted == 0) {
                throw new IllegalStateException("could not generate a unique code for reward " + reward.id());
            }
        }
    }

    /**
     * Cancels a redemption that was not used or shipped yet: the points come back (REFUND on the ledger), the stock
     * too, pool codes return to the pool and generated codes are voided. Cancelling twice changes nothing.
     */
    @Transactional
    public Redemption cancel(long id, String reason) {
        var redemption = lock(id);
        if (redemption.status() == Redemption.Status.CANCELLED) {
            return redemption;
        }
        if (!redemption.status().cancellable()) {
            throw new CommandRefusedException.RuleViolated("not-cancellable", "Redemption " + id + " is "
                    + redemption.status().name().toLowerCase() + " and can no longer be cancelled");
        }
        long used = jdbc.sql("select count(*) from voucher_codes where redemption_id = :id and uses > 0")
                .param("id", id).query(Long.class).single();
        if (used > 0) {
            throw new CommandRefusedException.RuleViolated("not-cancellable",
                    "A code of redemption " + id + " was already used at a till");
        }
        giveBack(redemption, Redemption.Status.CANCELLED, "Reward cancelled: " + redemption.rewardName(), reason);
        jdbc.sql("""
                update voucher_codes set status = case when source = 'POOL' then 'AVAILABLE' else 'VOID' end,
                       member_id = null, redemption_id = case when source = 'POOL' then null else redemption_id end,
                       issued_at = null, expires_at = null
                 where redemption_id = :id
                """).param("id", id).update();
        catalog.refreshLowPool(redemption.rewardId());
        var after = get(id);
        audit.record("reward.redemption-cancelled", "member", redemption.memberId(), summary(redemption),
                summary(after), reason);
        return after;
    }

    /**
     * Moves a shipped item along: PACKED, SHIPPED (tracking required), DELIVERED, or RETURNED (which gives points
     * and stock back). Setting the status it already has changes nothing.
     */
    @Transactional
    public Redemption fulfill(long id, Redemption.Status status, String tracking) {
        if (status == null || !FULFILLMENT.containsKey(status)) {
            throw new CommandRefusedException.InvalidInput("status", "must be one of PACKED, SHIPPED, DELIVERED, RETURNED");
        }
        var redemption = lock(id);
        if (redemption.kind() != Reward.Kind.SHIPPED_ITEM) {
            throw new CommandRefusedException.RuleViolated("not-shipped", "Redemption " + id + " is not a shipped item");
        }
        if (redemption.status() == status) {
            return redemption;
        }
        if (!FULFILLMENT.get(status).contains(redemption.status())) {
            throw new CommandRefusedException.RuleViolated("invalid-transition", "Redemption " + id + " is "
                    + redemption.status().name().toLowerCase() + " and cannot become " + status.name().toLowerCase());
        }
        if (status == Redemption.Status.SHIPPED && (tracking == null || tracking.isBlank() || tracking.length() > 200)) {
            throw new CommandRefusedException.InvalidInput("tracking", "a shipment needs its tracking number");
        }
        if (status == Redemption.Status.RETURNED) {
            giveBack(redemption, Redemption.Status.RETURNED, "Reward returned: " + redemption.rewardName(), null);
        } else {
            jdbc.sql("""
                    update redemptions set status = :status, tracking = coalesce(:tracking, tracking), updated_at = :now
                     where id = :id
                    """)
                    .param("status", status.name()).param("tracking", tracking == null ? null : tracking.strip())
                    .param("now", Timestamp.from(clock.instant())).param("id", id).update();
        }
        var after = get(id);
        audit.record("reward.fulfillment-changed", "member", redemption.memberId(), summary(redemption),
                summary(after), null);
        return after;
    }

    /** Settles a redemption as cancelled or returned: points refunded, stock and the member's count given back. */
    private void giveBack(Redemption redemption, Redemption.Status status, String explanation, String reason) {
        jdbc.sql("""
                update reward_member_counts set quantity = greatest(quantity - :quantity, 0)
                 where member_id = :member and reward_id = :reward
                """)
                .param("quantity", redemption.quantity()).param("member", redemption.memberId())
                .param("reward", redemption.rewardId()).update();
        long transferId = ledger.refund(redemption.memberId(), redemption.points(), "redemption",
                Long.toString(redemption.id()), explanation + (reason == null || reason.isBlank() ? "" : " (" + reason.strip() + ")"));
        jdbc.sql("update rewards set stock_left = stock_left + :quantity where id = :id and stock_left is not null")
                .param("quantity", redemption.quantity()).param("id", redemption.rewardId()).update();
        jdbc.sql("""
                update redemptions set status = :status, refund_transfer_id = :transfer, updated_at = :now
                 where id = :id
                """)
                .param("status", status.name()).param("transfer", transferId)
                .param("now", Timestamp.from(clock.instant())).param("id", redemption.id()).update();
    }

    @Transactional(readOnly = true)
    public Redemption get(long id) {
        return jdbc.sql(SELECT + " where d.id = :id").param("id", id).query(this::row).optional()
                .orElseThrow(() -> new CommandRefusedException.NotFound("Redemption", id));
    }

    /**
     * How many of each reward the member holds towards its per-member limit (cancelled and returned redemptions
     * gave theirs back), by reward id; rewards never redeemed are missing.
     */
    @Transactional(readOnly = true)
    public Map<Long, Integer> heldTowardsLimits(long memberId) {
        var held = new HashMap<Long, Integer>();
        jdbc.sql("select reward_id, quantity from reward_member_counts where member_id = :member")
                .param("member", memberId)
                .query((rs, n) -> held.put(rs.getLong(1), rs.getInt(2))).list();
        return held;
    }

    /** Newest first, keyset paginated on the id. */
    @Transactional(readOnly = true)
    public KeysetPage<Redemption> search(RedemptionSearch search, String cursor, int limit) {
        var where = new ArrayList<String>();
        var params = new HashMap<String, Object>();
        var after = KeysetPage.decode(cursor);
        if (after != null) {
            where.add("d.id < :after");
            params.put("after", after);
        }
        if (search.status() != null) {
            where.add("d.status = :status");
            params.put("status", search.status().name());
        }
        if (search.rewardId() != null) {
            where.add("d.reward_id = :reward");
            params.put("reward", search.rewardId());
        }
        if (search.memberId() != null) {
            where.add("d.member_id = :member");
            params.put("member", search.memberId());
        }
        params.put("limit", limit + 1);
        var rows = jdbc.sql(SELECT + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                        + " order by d.id desc limit :limit")
                .params(params).query(this::row).list();
        return KeysetPage.of(rows, limit, Redemption::id);
    }

    /** What the audit log keeps of a redemption: not its codes, which stay usable (or go back to the pool). */
    private static Map<String, Object> summary(Redemption r) {
        var summary = new java.util.LinkedHashMap<String, Object>();
        summary.put("redemptionId", r.id());
        summary.put("rewardId", r.rewardId());
        summary.put("quantity", r.quantity());
        summary.put("points", r.points());
        summary.put("status", r.status());
        summary.put("tracking", r.tracking());
        return summary;
    }

    private Redemption lock(long id) {
        var memberId = jdbc.sql("select member_id from redemptions where id = :id for update").param("id", id)
                .query(Long.class).optional()
                .orElseThrow(() -> new CommandRefusedException.NotFound("Redemption", id));
        return get(id);
    }

    private static final String SELECT = """
            select d.*, r.name as reward_name, r.kind as reward_kind,
                   (select string_agg(c.code, ',' order by c.id) from voucher_codes c
                     where c.redemption_id = d.id and c.status <> 'VOID') as codes,
                   (select min(c.expires_at) from voucher_codes c where c.redemption_id = d.id) as codes_expire_at
              from redemptions d join rewards r on r.id = d.reward_id
            """;

    private Redemption row(ResultSet rs, int n) throws SQLException {
        var codes = rs.getString("codes");
        return new Redemption(rs.getLong("id"), rs.getLong("member_id"), rs.getLong("reward_id"),
                rs.getString("reward_name"), Reward.Kind.valueOf(rs.getString("reward_kind")), rs.getInt("quantity"),
                rs.getLong("points"), Redemption.Status.valueOf(rs.getString("status")),
                codes == null ? List.of() : List.of(codes.split(",")),
                RewardCatalog.instant(rs.getTimestamp("codes_expire_at")), rs.getString("shipping_address"),
                rs.getString("tracking"), RewardCatalog.instant(rs.getTimestamp("created_at")),
                RewardCatalog.instant(rs.getTimestamp("updated_at")));
    }
}
