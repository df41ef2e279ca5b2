package io.loyaltydesk.tiers.internal;

import io.loyaltydesk.platform.SqlArrays;
import io.loyaltydesk.tiers.Tier;
import io.loyaltydesk.tiers.TierDefinition;
import io.loyaltydesk.tiers.TierProgram;
import io.loyaltydesk.tiers.TierProgram.Metric;
import io.loyaltydesk.tiers.TierProgram.Window;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The tiers module's SQL: definitions, the program setting, memberships and the activity they are measured on. */
@Repository
public class TierStore {

    private final JdbcClient jdbc;

    TierStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A member's tier row. */
    public record Membership(long memberId, String tierCode, Instant qualifiedAt, Instant periodEnd,
            String overrideTierCode, Instant overrideUntil, String overrideReason, String overrideBy) {

        public boolean overrideActiveAt(Instant at) {
            return overrideUntil != null && overrideUntil.isAfter(at);
        }
    }

    /** One member whose tier (or override) a set-based step changed. */
    public record Change(long memberId, String fromTier, String toTier, boolean overrideActive) {
    }

    /** One purchase or return, with the metric it adds. */
    public record Activity(Instant occurredAt, BigDecimal value) {
    }

    // ---- program and definitions

    public TierProgram program() {
        return jdbc.sql("select metric, window_kind, window_months, grace_days from tier_program where id = 1")
                .query((rs, n) -> new TierProgram(Metric.valueOf(rs.getString("metric")),
                        Window.valueOf(rs.getString("window_kind")), rs.getInt("window_months"),
                        rs.getInt("grace_days")))
                .single();
    }

    public void saveProgram(TierProgram program, Instant now) {
        jdbc.sql("""
                update tier_program set metric = :metric, window_kind = :window, window_months = :months,
                       grace_days = :grace, updated_at = :now where id = 1
                """)
                .param("metric", program.metric().name())
                .param("window", program.window().name())
                .param("months", program.windowMonths())
                .param("grace", program.graceDays())
                .param("now", ts(now))
                .update();
    }

    public List<Tier> tiers() {
        return jdbc.sql("select * from tiers order by rank").query(TierStore::tier).list();
    }

    public Optional<Tier> find(String code) {
        return jdbc.sql("select * from tiers where code = :code").param("code", code).query(TierStore::tier).optional();
    }

    /** Locks the definitions, so that checks across tiers (ranks, thresholds) see no concurrent change. */
    public void lockDefinitions() {
        jdbc.sql("lock table tiers in share row exclusive mode").update();
    }

    public void insert(TierDefinition d, Instant now) {
        jdbc.sql("""
                insert into tiers (code, name, rank, colour, benefits, earn_multiplier_hint, threshold, created_at, updated_at)
                values (:code, :name, :rank, :colour, :benefits, :hint, :threshold, :now, :now)
                """)
                .param("code", d.code()).param("name", d.name()).param("rank", d.rank()).param("colour", d.colour())
                .param("benefits", d.benefits()).param("hint", d.earnMultiplierHint()).param("threshold", d.threshold())
                .param("now", ts(now))
                .update();
    }

    public void update(String code, TierDefinition d, Instant now) {
        jdbc.sql("""
                update tiers set name = :name, rank = :rank, colour = :colour, benefits = :benefits,
                       earn_multiplier_hint = :hint, threshold = :threshold, updated_at = :now
                 where code = :code
                """)
                .param("code", code).param("name", d.name()).param("rank", d.rank()).param("colour", d.colour())
                .param("benefits", d.benefits()).param("hint", d.earnMultiplierHint()).param("threshold", d.threshold())
                .param("now", ts(now))
                .update();
    }

    // ---- activity

    /** A purchase to count as activity. */
    public record NewPurchase(long memberId, long purchaseId, Instant occurredAt, long points, BigDecimal spend) {
    }

    /**
     * Records purchases once, in one statement; returns the ids of the purchases recorded now
     * (a purchase recorded before, by a redelivered event, is left out).
     */
    public Set<Long> addPurchases(List<NewPurchase> purchases, Instant now) {
        int n = purchases.size();
        var members = new Long[n];
        var ids = new Long[n];
        var at = new Long[n];
        var points = new Long[n];
        var spend = new String[n];
        for (int i = 0; i < n; i++) {
            var p = purchases.get(i);
            members[i] = p.memberId();
            ids[i] = p.purchaseId();
            at[i] = SqlArrays.micros(p.occurredAt());
            points[i] = p.points();
            spend[i] = p.spend().toPlainString();
        }
        return new HashSet<>(jdbc.sql("""
                insert into tier_activity (member_id, purchase_id, kind, occurred_at, points, spend, visits, created_at)
                select p.member_id, p.purchase_id, 'PURCHASE', %s, p.points, p.spend, 1, :now
                  from unnest(cast(:members as bigint[]), cast(:ids as bigint[]), cast(:at as bigint[]),
                              cast(:points as bigint[]), cast(:spend as numeric[]))
                       with ordinality as p(member_id, purchase_id, occurred_at, points, spend, position)
                 order by p.position
                on conflict (member_id, purchase_id) where kind = 'PURCHASE' do nothing
                returning purchase_id
                """.formatted(SqlArrays.TIMESTAMP.formatted("p.occurred_at")))
                .param("members", members).param("ids", ids).param("at", at).param("points", points)
                .param("spend", spend).param("now", ts(now))
                .query(Long.class).list());
    }

    /** When the purchase happened and how much of its spend is left after earlier returns. */
    public record PurchaseLeft(Instant occurredAt, BigDecimal spendLeft, long pointsLeft) {
    }

    public Optional<PurchaseLeft> purchaseLeft(long memberId, long purchaseId) {
        return jdbc.sql("""
                select min(occurred_at) as occurred_at, sum(spend) as spend, sum(points) as points
                  from tier_activity where member_id = :member and purchase_id = :purchase
                having count(*) > 0
                """)
                .param("member", memberId).param("purchase", purchaseId)
                .query((rs, n) -> new PurchaseLeft(rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        rs.getBigDecimal("spend"), rs.getLong("points")))
                .optional();
    }

    public void addReturn(long memberId, long purchaseId, long returnId, Instant occurredAt, long points, BigDecimal spend,
            int visits, Instant now) {
        jdbc.sql("""
                insert into tier_activity (member_id, purchase_id, return_id, kind, occurred_at, points, spend, visits,
                                           created_at)
                values (:member, :purchase, :returnId, 'RETURN', :at, :points, :spend, :visits, :now)
                on conflict (member_id, return_id) where kind = 'RETURN' do nothing
                """)
                .param("member", memberId).param("purchase", purchaseId).param("returnId", returnId)
                .param("at", ts(occurredAt))
                .param("points", points).param("spend", spend).param("visits", visits).param("now", ts(now))
                .update();
    }

    /** The metric of one member over [from, to). */
    public BigDecimal metric(long memberId, Metric metric, Instant from, Instant to) {
        return jdbc.sql("select coalesce(sum(" + column(metric) + "), 0) from tier_activity"
                        + " where member_id = :member and occurred_at >= :from and occurred_at < :to")
                .param("member", memberId).param("from", ts(from)).param("to", ts(to))
                .query(BigDecimal.class).single();
    }

    /**
     * The metric of members over [from, to) as it was before the given purchases were counted, and what each of
     * those purchases adds to it (nothing when it lies outside the window), in one query.
     */
    public record MetricsBefore(Map<Long, BigDecimal> byMember, Map<Long, BigDecimal> byPurchase) {
    }

    public MetricsBefore metricsBefore(Collection<Long> memberIds, Collection<Long> purchaseIds, Metric metric,
            Instant from, Instant to) {
        var byMember = new HashMap<Long, BigDecimal>();
        var byPurchase = new HashMap<Long, BigDecimal>();
        jdbc.sql("select member_id, new_purchase, coalesce(sum(value), 0) as value from ("
                        + "select member_id, " + column(metric) + " as value, case when kind = 'PURCHASE'"
                        + " and purchase_id = any(:purchases) then purchase_id end as new_purchase from tier_activity"
                        + " where member_id = any(:members) and occurred_at >= :from and occurred_at < :to) a"
                        + " group by member_id, new_purchase")
                .param("members", memberIds.toArray(Long[]::new))
                .param("purchases", purchaseIds.toArray(Long[]::new))
                .param("from", ts(from)).param("to", ts(to))
                .query(rs -> {
                    long purchase = rs.getLong("new_purchase");
                    if (rs.wasNull()) {
                        byMember.merge(rs.getLong("member_id"), rs.getBigDecimal("value"), BigDecimal::add);
                    } else {
                        byPurchase.merge(purchase, rs.getBigDecimal("value"), BigDecimal::add);
                    }
                });
        return new MetricsBefore(byMember, byPurchase);
    }

    /** A member's activity since {@code from}, oldest first, for projecting a rolling window. */
    public List<Activity> activity(long memberId, Metric metric, Instant from) {
        return jdbc.sql("select occurred_at, sum(" + column(metric) + ") as value from tier_activity"
                        + " where member_id = :member and occurred_at >= :from group by occurred_at order by occurred_at")
                .param("member", memberId).param("from", ts(from))
                .query((rs, n) -> new Activity(rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        rs.getBigDecimal("value")))
                .list();
    }

    // ---- memberships

    public Optional<Membership> membership(long memberId) {
        return jdbc.sql("select * from tier_memberships where member_id = :member").param("member", memberId)
                .query(TierStore::membership).optional();
    }

    /** The member's row, created in {@code baseCode} if missing, locked until the transaction ends. */
    public Membership lockMembership(long memberId, String baseCode, Instant now) {
        return lockMemberships(List.of(memberId), baseCode, now).get(memberId);
    }

    /** {@link #lockMembership} for many members (sorted, so that concurrent callers lock in the same order). */
    public Map<Long, Membership> lockMemberships(List<Long> memberIds, String baseCode, Instant now) {
        var ids = memberIds.stream().sorted().distinct().toArray(Long[]::new);
        jdbc.sql("""
                insert into tier_memberships (member_id, tier_code, qualified_at, created_at, updated_at)
                select m.member_id, :code, :now, :now, :now
                  from unnest(cast(:members as bigint[])) with ordinality as m(member_id, position)
                 order by m.position
                on conflict (member_id) do nothing
                """)
                .param("members", ids).param("code", baseCode).param("now", ts(now))
                .update();
        var locked = new HashMap<Long, Membership>();
        jdbc.sql("select * from tier_memberships where member_id = any(:members) order by member_id for update")
                .param("members", ids).query(TierStore::membership).list()
                .forEach(m -> locked.put(m.memberId(), m));
        return locked;
    }

    /** A member's new tier (and qualification date, when {@code upgraded}) or only a new period end. */
    public record TierUpdate(long memberId, String tierCode, boolean upgraded, Instant periodEnd) {
    }

    /** Sets the tier (and qualification date) or only the period end of many members in one statement. */
    public void updateTiers(List<TierUpdate> updates, Instant now) {
        if (updates.isEmpty()) {
            return;
        }
        int n = updates.size();
        var members = new Long[n];
        var codes = new String[n];
        var upgraded = new Boolean[n];
        var ends = new Long[n];
        for (int i = 0; i < n; i++) {
            var u = updates.get(i);
            members[i] = u.memberId();
            codes[i] = u.tierCode();
            upgraded[i] = u.upgraded();
            ends[i] = SqlArrays.micros(u.periodEnd());
        }
        jdbc.sql("""
                update tier_memberships m
                   set tier_code = u.code,
                       qualified_at = case when u.upgraded then :now else m.qualified_at end,
                       period_end = %s, updated_at = :now
                  from unnest(cast(:members as bigint[]), cast(:codes as text[]), cast(:upgraded as boolean[]),
                              cast(:ends as bigint[])) as u(member_id, code, upgraded, period_end)
                 where m.member_id = u.member_id
                """.formatted(SqlArrays.TIMESTAMP.formatted("u.period_end")))
                .param("members", members).param("codes", codes).param("upgraded", upgraded).param("ends", ends)
                .param("now", ts(now))
                .update();
    }

    public void setOverride(long memberId, String code, Instant until, String reason, String by, Instant now) {
        jdbc.sql("""
                update tier_memberships set override_tier_code = :code, override_until = :until,
                       override_reason = :reason, override_by = :by, updated_at = :now where member_id = :member
                """)
                .param("member", memberId).param("code", code).param("until", ts(until)).param("reason", reason)
                .param("by", by).param("now", ts(now))
                .update();
    }

    /** The code of the tier the member holds at {@code at}, an unexpired override first; empty without a row. */
    public Optional<String> heldTierCode(long memberId, Instant at) {
        return jdbc.sql("""
                select case when override_until > :at then override_tier_code else tier_code end
                  from tier_memberships where member_id = :member
                """)
                .param("member", memberId).param("at", ts(at)).query(String.class).optional();
    }

    /** {@link #heldTierCode} for many members at their own times, in one query; null where a member has no row. */
    public List<String> heldTierCodes(List<Long> memberIds, List<Instant> ats) {
        var codes = new java.util.ArrayList<String>(java.util.Collections.nCopies(memberIds.size(), (String) null));
        jdbc.sql("""
                select q.position, case when m.override_until > %s then m.override_tier_code else m.tier_code end
                  from unnest(cast(:members as bigint[]), cast(:ats as bigint[])) with ordinality as q(member_id, at, position)
                  join tier_memberships m on m.member_id = q.member_id
                """.formatted(SqlArrays.TIMESTAMP.formatted("q.at")))
                .param("members", memberIds.toArray(Long[]::new)).param("ats", SqlArrays.micros(ats))
                .query(rs -> {
                    codes.set(rs.getInt(1) - 1, rs.getString(2));
                });
        return codes;
    }

    /**
     * Reviews up to {@code batch} memberships whose period ended at least the grace period ago, in one statement:
     * the metric over the window that ended with the period decides the tier; a member who qualifies for less
     * moves down to that tier, one who still qualifies keeps it; the next review is one window step later
     * (a year; for rolling windows the day on which the oldest purchase in
     * the window ages out, at the earliest the next day), none once in the base tier. Rows locked by a concurrent run are
     * skipped. Returns the members reviewed with their tier before and after.
     */
    public List<Change> reviewDue(TierProgram program, ZoneId zone, Instant now, int batch) {
        var window = program.window() == Window.CALENDAR_YEAR ? "1 year" : program.windowMonths() + " months";
        return jdbc.sql("""
                with due as (
                    select member_id, tier_code, period_end
                      from tier_memberships
                     where period_end is not null and period_end <= :reviewBefore
                     order by period_end
                     limit :batch
                     for update skip locked
                ), measured as (
                    select d.member_id, d.tier_code, d.period_end, coalesce(w.value, 0) as value, w.first_at
                      from due d
                      left join lateral (select sum(%s) as value, min(a.occurred_at) as first_at from tier_activity a
                                          where a.member_id = d.member_id
                                            and a.occurred_at >= ((d.period_end at time zone :zone) - cast(:window as interval)) at time zone :zone
                                            and a.occurred_at < d.period_end) w on true
                ), decided as (
                    select m.member_id, m.tier_code as old_code, m.period_end, m.first_at, coalesce(cur.rank, 0) as old_rank,
                           q.code as new_code, q.rank as new_rank
                      from measured m
                      left join tiers cur on cur.code = m.tier_code
                      left join lateral (select t.code, t.rank from tiers t where t.threshold <= greatest(m.value, 0)
                                          order by t.rank desc limit 1) q on true
                )
                update tier_memberships u
                   set tier_code = case when d.new_rank < d.old_rank then d.new_code else u.tier_code end,
                       qualified_at = case when d.new_rank < d.old_rank then :now else u.qualified_at end,
                       period_end = case when d.new_code is null or least(d.new_rank, d.old_rank) = 0 then null
                                         when :calendar then ((d.period_end at time zone :zone) + interval '1 year') at time zone :zone
                                         -- rolling: the next day on which a purchase ages out of the window, at the earliest tomorrow
                                         else greatest((d.period_end at time zone :zone) + interval '1 day',
                                                       date_trunc('day', (d.first_at at time zone :zone) + cast(:window as interval))
                                                           + interval '1 day') at time zone :zone end,
                       updated_at = :now
                  from decided d
                 where u.member_id = d.member_id
                returning u.member_id, d.old_code, u.tier_code, u.override_until
                """.formatted(column(program.metric())))
                .param("reviewBefore", ts(now.minus(java.time.Duration.ofDays(program.graceDays()))))
                .param("batch", batch)
                .param("zone", zone.getId())
                .param("window", window)
                .param("calendar", program.window() == Window.CALENDAR_YEAR)
                .param("now", ts(now))
                .query((rs, n) -> new Change(rs.getLong("member_id"), rs.getString("old_code"),
                        rs.getString("tier_code"), active(rs, "override_until", now)))
                .list();
    }

    /** Ends up to {@code batch} overrides that expired by {@code now}; returns the override and the earned tier. */
    public List<Change> endExpiredOverrides(Instant now, int batch) {
        return jdbc.sql("""
                with expired as (
                    select member_id, override_tier_code from tier_memberships
                     where override_until <= :now order by override_until limit :batch for update skip locked
                )
                update tier_memberships u
                   set override_tier_code = null, override_until = null, override_reason = null, override_by = null,
                       updated_at = :now
                  from expired e
                 where u.member_id = e.member_id
                returning u.member_id, e.override_tier_code, u.tier_code
                """)
                .param("now", ts(now)).param("batch", batch)
                .query((rs, n) -> new Change(rs.getLong("member_id"), rs.getString("override_tier_code"),
                        rs.getString("tier_code"), false))
                .list();
    }

    private static boolean active(ResultSet rs, String column, Instant now) throws SQLException {
        var until = rs.getObject(column, OffsetDateTime.class);
        return until != null && until.toInstant().isAfter(now);
    }

    private static String column(Metric metric) {
        return switch (metric) {
            case POINTS -> "points";
            case SPEND -> "spend";
            case VISITS -> "visits";
        };
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Tier tier(ResultSet rs, int row) throws SQLException {
        return new Tier(rs.getString("code"), rs.getString("name"), rs.getInt("rank"), rs.getString("colour"),
                rs.getString("benefits"), rs.getBigDecimal("earn_multiplier_hint"), rs.getBigDecimal("threshold"),
                instant(rs, "updated_at"));
    }

    private static Membership membership(ResultSet rs, int row) throws SQLException {
        return new Membership(rs.getLong("member_id"), rs.getString("tier_code"), instant(rs, "qualified_at"),
                instant(rs, "period_end"), rs.getString("override_tier_code"), instant(rs, "override_until"),
                rs.getString("override_reason"), rs.getString("override_by"));
    }
}
