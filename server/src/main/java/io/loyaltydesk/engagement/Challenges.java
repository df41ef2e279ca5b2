package io.loyaltydesk.engagement;

import io.loyaltydesk.ledger.EarnRequest;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.platform.SqlArrays;
import io.loyaltydesk.purchases.PurchaseRecorded;
import io.loyaltydesk.purchases.PurchaseReturned;
import io.loyaltydesk.purchases.Purchases;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.tiers.Tiers;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Challenges and the badges members earn by completing them. Progress is counted from the module's own copy of
 * the member's purchases, net of returns, inside the challenge's dates. A badge is a row keyed by member and
 * challenge, written before its points are given: a replayed purchase, a purchase bought again after a return, or
 * two purchases processed at once cannot award it twice. An earned badge stays earned when a purchase behind it
 * is later returned.
 */
@Service
public class Challenges {

    public static final String SOURCE_TYPE = "badge";
    static final int NAME_MAX = 120;
    static final int DESCRIPTION_MAX = 500;
    static final long REWARD_POINTS_MAX = 1_000_000;

    private final JdbcClient jdbc;
    private final Members members;
    private final Purchases purchases;
    private final PointsLedger ledger;
    private final AuditTrail audit;
    private final Tiers tiers;
    private final Clock clock;

    Challenges(JdbcClient jdbc, Members members, Purchases purchases, PointsLedger ledger, AuditTrail audit,
            Tiers tiers, Clock clock) {
        this.jdbc = jdbc;
        this.members = members;
        this.purchases = purchases;
        this.ledger = ledger;
        this.audit = audit;
        this.tiers = tiers;
        this.clock = clock;
    }

    // ---- definitions

    @Transactional
    public Challenge create(ChallengeDefinition definition) {
        var d = validated(definition);
        var now = Timestamp.from(clock.instant());
        long id = jdbc.sql("""
                insert into challenges (name, description, icon, kind, target, category, starts_on, ends_on,
                                        reward_points, created_at, updated_at)
                values (:name, :description, :icon, :kind, :target, :category, :startsOn, :endsOn, :points, :now, :now)
                returning id
                """)
                .param("name", d.name()).param("description", d.description()).param("icon", d.icon().name())
                .param("kind", d.kind().name()).param("target", d.target()).param("category", d.category())
                .param("startsOn", Date.valueOf(d.startsOn()))
                .param("endsOn", d.endsOn() == null ? null : Date.valueOf(d.endsOn()))
                .param("points", d.rewardPoints()).param("now", now).query(Long.class).single();
        var created = get(id);
        audit.record("challenge.created", "challenge", id, null, created, null);
        return created;
    }

    /** Changes a challenge; badges already earned stay earned. */
    @Transactional
    public Challenge update(long id, ChallengeDefinition definition, String reason) {
        var before = lock(id);
        var d = validated(definition);
        jdbc.sql("""
                update challenges set name = :name, description = :description, icon = :icon, kind = :kind,
                       target = :target, category = :category, starts_on = :startsOn, ends_on = :endsOn,
                       reward_points = :points, updated_at = :now
                 where id = :id
                """)
                .param("name", d.name()).param("description", d.description()).param("icon", d.icon().name())
                .param("kind", d.kind().name()).param("target", d.target()).param("category", d.category())
                .param("startsOn", Date.valueOf(d.startsOn()))
                .param("endsOn", d.endsOn() == null ? null : Date.valueOf(d.endsOn()))
                .param("points", d.rewardPoints()).param("now", Timestamp.from(clock.instant())).param("id", id)
                .update();
        var after = get(id);
        audit.record("challenge.changed", "challenge", id, before, after, reason);
        return after;
    }

    /** Deletes a challenge nobody has earned yet; one that was earned can only be ended (set its end date). */
    @Transactional
    public void delete(long id, String reason) {
        var before = lock(id);
        if (before.earnedCount() > 0) {
            throw new CommandRefusedException.Conflict("challenge-earned", "Challenge " + id + " was earned by "
                    + before.earnedCount() + " members; set an end date instead of deleting it");
        }
        jdbc.sql("delete from challenges where id = :id").param("id", id).update();
        audit.record("challenge.deleted", "challenge", id, before, null, reason);
    }

    @Transactional(readOnly = true)
    public List<Challenge> all() {
        return jdbc.sql(SELECT + " order by c.starts_on desc, c.id desc").query(Challenges::challenge).list();
    }

    @Transactional(readOnly = true)
    public Challenge get(long id) {
        return jdbc.sql(SELECT + " where c.id = :id").param("id", id).query(Challenges::challenge).optional()
                .orElseThrow(() -> new CommandRefusedException.NotFound("Challenge", id));
    }

    private Challenge lock(long id) {
        jdbc.sql("select id from challenges where id = :id for update").param("id", id).query(Long.class).optional()
                .orElseThrow(() -> new CommandRefusedException.NotFound("Challenge", id));
        return get(id);
    }

    private ChallengeDefinition validated(ChallengeDefinition d) {
        if (d == null) {
            throw new CommandRefusedException.InvalidInput("name", "is required");
        }
        var problems = new ArrayList<FieldProblem>();
        var name = d.name() == null ? "" : d.name().strip();
        if (name.isEmpty() || name.length() > NAME_MAX) {
            problems.add(new FieldProblem("name", "is required, at most " + NAME_MAX + " characters"));
        }
        var description = d.description() == null || d.description().isBlank() ? null : d.description().strip();
        if (description != null && description.length() > DESCRIPTION_MAX) {
            problems.add(new FieldProblem("description", "must have at most " + DESCRIPTION_MAX + " characters"));
        }
        if (d.icon() == null) {
            problems.add(new FieldProblem("icon", "is required"));
        }
        if (d.kind() == null) {
            problems.add(new FieldProblem("kind", "is required: VISITS, STREAK_WEEKS, CATEGORY_SPEND or STORES"));
        }
        var target = d.target();
        if (target == null || target.signum() <= 0) {
            problems.add(new FieldProblem("target", "must be more than 0"));
        } else if (d.kind() != null && d.kind().countsWholeNumbers()
                && (target.stripTrailingZeros().scale() > 0 || target.compareTo(BigDecimal.valueOf(maxCount(d.kind()))) > 0)) {
            problems.add(new FieldProblem("target", "must be a whole number from 1 to " + maxCount(d.kind())));
        } else if (d.kind() == ChallengeKind.CATEGORY_SPEND
                && (target.scale() > 2 || target.compareTo(new BigDecimal("1000000")) > 0)) {
            problems.add(new FieldProblem("target", "must be an amount up to 1000000 with at most 2 decimals"));
        }
        String category = null;
        if (d.kind() == ChallengeKind.CATEGORY_SPEND) {
            category = d.category() == null ? "" : d.category().strip().toUpperCase(Locale.ROOT);
            if (category.isEmpty() || category.length() > 60) {
                problems.add(new FieldProblem("category", "is required for spend in a category, e.g. COFFEE"));
            }
        }
        if (d.startsOn() == null) {
            problems.add(new FieldProblem("startsOn", "is required"));
        } else if (d.endsOn() != null && d.endsOn().isBefore(d.startsOn())) {
            problems.add(new FieldProblem("endsOn", "must not be before the start"));
        }
        if (d.rewardPoints() < 0 || d.rewardPoints() > REWARD_POINTS_MAX) {
            problems.add(new FieldProblem("rewardPoints", "must be between 0 and " + REWARD_POINTS_MAX));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        return new ChallengeDefinition(name, description, d.icon(), d.kind(),
                d.kind().countsWholeNumbers() ? target.setScale(0, java.math.RoundingMode.UNNECESSARY) : target,
                category, d.startsOn(), d.endsOn(), d.rewardPoints());
    }

    private static int maxCount(ChallengeKind kind) {
        return switch (kind) {
            case VISITS -> 1000;
            case STREAK_WEEKS -> 104;
            case STORES -> 500;
            case CATEGORY_SPEND -> 0;
        };
    }

    /** Today in the program's zone: the day challenges' dates are compared with. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), tiers.zone());
    }

    // ---- activity

    /** Copies a purchase with its spend per category, once, then checks the member's running challenges. */
    @Transactional
    void purchaseRecorded(PurchaseRecorded purchase) {
        purchasesRecorded(List.of(purchase));
    }

    /**
     * {@link #purchaseRecorded} for purchases sorted by member (a batch), in a few statements for all of them: the
     * members locked in one, the purchases and their categories copied in one each, the running challenges read
     * once, the progress counted in one query per running challenge for all members, the badges written in one.
     * A member's challenges are checked once, after all their purchases of the batch: progress only grows with
     * purchases (counts and amounts are never negative), so a badge one of them would complete is completed at the
     * end as well, and the member gets the same badges as with the purchases delivered one by one.
     */
    @Transactional
    void purchasesRecorded(List<PurchaseRecorded> batch) {
        if (batch.isEmpty()) {
            return;
        }
        var now = Timestamp.from(clock.instant());
        lockMembers(batch.stream().map(PurchaseRecorded::memberId).toList());
        int n = batch.size();
        var members = new Long[n];
        var ids = new Long[n];
        var at = new Long[n];
        var storeCodes = new String[n];
        var totals = new String[n];
        for (int i = 0; i < n; i++) {
            var p = batch.get(i);
            members[i] = p.memberId();
            ids[i] = p.purchaseId();
            at[i] = SqlArrays.micros(p.occurredAt());
            storeCodes[i] = p.storeCode();
            totals[i] = p.totalAmount().toPlainString();
        }
        var inserted = new HashSet<>(jdbc.sql("""
                insert into engagement_purchases (member_id, purchase_id, occurred_at, store_code, total_amount,
                                                  created_at)
                select p.member_id, p.purchase_id, %s, p.store_code, p.total_amount, :now
                  from unnest(cast(:members as bigint[]), cast(:ids as bigint[]), cast(:at as bigint[]),
                              cast(:stores as text[]), cast(:totals as numeric[]))
                       with ordinality as p(member_id, purchase_id, occurred_at, store_code, total_amount, position)
                 order by p.position
                on conflict do nothing
                returning purchase_id
                """.formatted(SqlArrays.TIMESTAMP.formatted("p.occurred_at")))
                .param("members", members).param("ids", ids).param("at", at).param("stores", storeCodes)
                .param("totals", totals).param("now", now).query(Long.class).list());
        // the purchases copied now (not before, by a redelivered event), each once
        var counted = batch.stream().filter(p -> inserted.remove(p.purchaseId())).toList();
        if (counted.isEmpty()) {
            return;
        }
        var categoryMembers = new ArrayList<Long>();
        var categoryPurchases = new ArrayList<Long>();
        var categories = new ArrayList<String>();
        var amounts = new ArrayList<String>();
        for (var p : counted) {
            var spend = p.spendByCategory() != null ? p.spendByCategory()
                    : purchases.spendByCategory(new MemberId(p.memberId()), p.purchaseId());
            for (var category : new TreeMap<>(spend).entrySet()) {
                categoryMembers.add(p.memberId());
                categoryPurchases.add(p.purchaseId());
                categories.add(category.getKey());
                amounts.add(category.getValue().toPlainString());
            }
        }
        if (!categories.isEmpty()) {
            jdbc.sql("""
                    insert into engagement_purchase_categories (member_id, purchase_id, category, amount)
                    select c.member_id, c.purchase_id, c.category, c.amount
                      from unnest(cast(:members as bigint[]), cast(:purchases as bigint[]), cast(:categories as text[]),
                                  cast(:amounts as numeric[])) as c(member_id, purchase_id, category, amount)
                    """)
                    .param("members", categoryMembers.toArray(Long[]::new))
                    .param("purchases", categoryPurchases.toArray(Long[]::new))
                    .param("categories", categories.toArray(String[]::new))
                    .param("amounts", amounts.toArray(String[]::new)).update();
        }
        evaluateLocked(counted.stream().map(PurchaseRecorded::memberId).distinct().toList());
    }

    /** Lowers the purchase's counted amount, once per return; progress goes down, earned badges stay. */
    @Transactional
    void purchaseReturned(PurchaseReturned returned) {
        lockMember(returned.memberId());
        int inserted = jdbc.sql("""
                insert into engagement_returns (member_id, return_id, purchase_id, created_at)
                values (:member, :return, :purchase, :now)
                on conflict do nothing
                """)
                .param("member", returned.memberId()).param("return", returned.returnId())
                .param("purchase", returned.purchaseId()).param("now", Timestamp.from(clock.instant())).update();
        if (inserted == 0) {
            return;
        }
        jdbc.sql("""
                update engagement_purchases set returned_amount = least(total_amount, returned_amount + :amount)
                 where member_id = :member and purchase_id = :purchase
                """)
                .param("amount", returned.amount()).param("member", returned.memberId())
                .param("purchase", returned.purchaseId()).update();
    }

    /**
     * Awards every badge whose challenge the member has completed and not yet earned; returns the badges awarded
     * now. Also what a program manager's new challenge with a start date in the past relies on: the next purchase
     * (or this call) counts everything since the start.
     */
    @Transactional
    public List<Challenge> evaluate(long memberId) {
        lockMember(memberId);
        return evaluateLocked(List.of(memberId)).getOrDefault(memberId, List.of());
    }

    /**
     * {@link #evaluate(long)} for members whose locks are taken already: the running challenges read once, the
     * progress of all members counted in one query per challenge, the badges written in one statement; the points
     * of a badge are booked per badge (rare). Returns the badges awarded now, by member.
     */
    private Map<Long, List<Challenge>> evaluateLocked(List<Long> memberIds) {
        var today = LocalDate.ofInstant(clock.instant(), tiers.zone());
        var completed = new TreeMap<Long, List<Challenge>>();
        for (var running : running(memberIds, today)) {
            var challenge = running.challenge();
            var open = memberIds.stream().filter(m -> !running.earnedBy().contains(m)).toList();
            if (open.isEmpty()) {
                continue;
            }
            var progress = progress(open, challenge, today);
            for (var member : open) {
                if (progress.getOrDefault(member, BigDecimal.ZERO).compareTo(challenge.target()) >= 0) {
                    completed.computeIfAbsent(member, m -> new ArrayList<>()).add(challenge);
                }
            }
        }
        if (completed.isEmpty()) {
            return Map.of();
        }
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var badgeMembers = new ArrayList<Long>();
        var badgeChallenges = new ArrayList<Long>();
        var badgePoints = new ArrayList<Long>();
        completed.forEach((member, challenges) -> challenges.forEach(c -> {
            badgeMembers.add(member);
            badgeChallenges.add(c.id());
            badgePoints.add(c.rewardPoints());
        }));
        var inserted = new HashSet<List<Long>>();
        jdbc.sql("""
                insert into earned_badges (member_id, challenge_id, earned_at, points_awarded, created_at)
                select b.member_id, b.challenge_id, :now, b.points, :now
                  from unnest(cast(:members as bigint[]), cast(:challenges as bigint[]), cast(:points as bigint[]))
                       with ordinality as b(member_id, challenge_id, points, position)
                 order by b.position
                on conflict do nothing
                returning member_id, challenge_id
                """)
                .param("members", badgeMembers.toArray(Long[]::new))
                .param("challenges", badgeChallenges.toArray(Long[]::new))
                .param("points", badgePoints.toArray(Long[]::new)).param("now", Timestamp.from(now))
                .query(rs -> {
                    inserted.add(List.of(rs.getLong("member_id"), rs.getLong("challenge_id")));
                });
        var awarded = new TreeMap<Long, List<Challenge>>();
        completed.forEach((member, challenges) -> {
            for (var challenge : challenges) {
                if (!inserted.contains(List.of(member, challenge.id()))) {
                    continue;
                }
                if (challenge.rewardPoints() > 0) {
                    ledger.earn(List.of(new EarnRequest(member, challenge.rewardPoints(), now, SOURCE_TYPE,
                            Long.toString(challenge.id()), null, null, "Badge earned: " + challenge.name())));
                }
                awarded.computeIfAbsent(member, m -> new ArrayList<>()).add(challenge);
            }
        });
        return awarded;
    }

    /**
     * A duplicate merged into a survivor: its purchases, returns and badges become the survivor's (a badge both
     * earned stays once; the points of both are in the merged ledger), and the combined activity may complete a
     * challenge now.
     */
    @Transactional
    void membersMerged(long survivor, long duplicate) {
        lockMember(Math.min(survivor, duplicate));
        lockMember(Math.max(survivor, duplicate));
        var moves = List.of("""
                insert into engagement_purchases (member_id, purchase_id, occurred_at, store_code, total_amount,
                                                  returned_amount, created_at)
                select :survivor, purchase_id, occurred_at, store_code, total_amount, returned_amount, created_at
                  from engagement_purchases where member_id = :duplicate
                on conflict do nothing
                """, """
                insert into engagement_purchase_categories (member_id, purchase_id, category, amount)
                select :survivor, purchase_id, category, amount from engagement_purchase_categories
                 where member_id = :duplicate
                on conflict do nothing
                """, """
                insert into engagement_returns (member_id, return_id, purchase_id, created_at)
                select :survivor, return_id, purchase_id, created_at from engagement_returns where member_id = :duplicate
                on conflict do nothing
                """, """
                insert into earned_badges (member_id, challenge_id, earned_at, points_awarded, created_at)
                select :survivor, challenge_id, earned_at, points_awarded, created_at from earned_badges
                 where member_id = :duplicate
                on conflict do nothing
                """,
                "delete from engagement_purchase_categories where member_id = :duplicate",
                "delete from engagement_purchases where member_id = :duplicate",
                "delete from engagement_returns where member_id = :duplicate",
                "delete from earned_badges where member_id = :duplicate");
        for (var sql : moves) {
            jdbc.sql(sql).param("survivor", survivor).param("duplicate", duplicate).update();
        }
        evaluate(survivor);
    }

    /**
     * Takes the member's engagement lock for this transaction. Without it, two purchases counted at once would
     * each miss the other (neither sees the other's uncommitted row) and a badge that both together complete would
     * not be awarded.
     */
    private void lockMember(long memberId) {
        lockMembers(List.of(memberId));
    }

    /** {@link #lockMember} for many members in one statement, in the order of their ids (as every caller locks). */
    private void lockMembers(List<Long> memberIds) {
        // one statement: the insert locks a new row, the update of an existing one locks it
        jdbc.sql("""
                insert into engagement_members (member_id, created_at)
                select m.member_id, :now
                  from unnest(cast(:members as bigint[])) with ordinality as m(member_id, position)
                 order by m.position
                on conflict (member_id) do update set member_id = excluded.member_id
                """)
                .param("members", memberIds.stream().sorted().distinct().toArray(Long[]::new))
                .param("now", Timestamp.from(clock.instant())).update();
    }

    // ---- reads

    /** The member's earned badges (newest first) and the challenges running today that they have not completed. */
    @Transactional(readOnly = true)
    public MemberBadges badges(long memberId) {
        members.requireExists(new MemberId(memberId));
        var today = LocalDate.ofInstant(clock.instant(), tiers.zone());
        var earned = jdbc.sql("""
                select e.challenge_id, e.earned_at, e.points_awarded from earned_badges e
                 where e.member_id = :member order by e.earned_at desc, e.challenge_id desc
                """).param("member", memberId)
                .query((rs, n) -> Map.entry(rs.getLong("challenge_id"),
                        Map.entry(rs.getTimestamp("earned_at").toInstant(), rs.getLong("points_awarded"))))
                .list().stream()
                .map(e -> new MemberBadges.Earned(get(e.getKey()), e.getValue().getKey(), e.getValue().getValue()))
                .toList();
        var inProgress = runningNotEarned(memberId, today).stream()
                .map(c -> new MemberBadges.InProgress(c, progress(memberId, c, today).min(c.target())))
                .toList();
        return new MemberBadges(memberId, earned, inProgress);
    }

    /**
     * What the member has counted towards the challenge so far. For streaks: the longest run of consecutive weeks
     * with a purchase inside the dates, so a streak completed earlier is not lost when a week is missed later.
     */
    BigDecimal progress(long memberId, Challenge challenge, LocalDate today) {
        return progress(List.of(memberId), challenge, today).getOrDefault(memberId, BigDecimal.ZERO);
    }

    /** {@link #progress(long, Challenge, LocalDate)} of many members in one query; a member with none is absent. */
    Map<Long, BigDecimal> progress(List<Long> memberIds, Challenge challenge, LocalDate today) {
        var zone = tiers.zone();
        var from = Timestamp.from(challenge.startsOn().atStartOfDay(zone).toInstant());
        var last = challenge.endsOn() == null || challenge.endsOn().isAfter(today) ? today : challenge.endsOn();
        // purchases recorded for today count even when their till clock runs a little ahead
        var to = Timestamp.from(last.plusDays(1).atStartOfDay(zone).toInstant());
        var members = memberIds.toArray(Long[]::new);
        var progress = new HashMap<Long, BigDecimal>();
        switch (challenge.kind()) {
            case VISITS -> jdbc.sql("""
                    select member_id, count(*) as value from engagement_purchases
                     where member_id = any(:members) and occurred_at >= :from and occurred_at < :to
                       and returned_amount < total_amount
                     group by member_id
                    """).param("members", members).param("from", from).param("to", to)
                    .query(rs -> {
                        progress.put(rs.getLong("member_id"), rs.getBigDecimal("value"));
                    });
            case STORES -> jdbc.sql("""
                    select member_id, count(distinct store_code) as value from engagement_purchases
                     where member_id = any(:members) and occurred_at >= :from and occurred_at < :to
                       and returned_amount < total_amount and store_code is not null
                     group by member_id
                    """).param("members", members).param("from", from).param("to", to)
                    .query(rs -> {
                        progress.put(rs.getLong("member_id"), rs.getBigDecimal("value"));
                    });
            case CATEGORY_SPEND -> jdbc.sql("""
                    select p.member_id,
                           coalesce(sum(round(c.amount * (p.total_amount - p.returned_amount) / p.total_amount, 2)), 0)
                               as value
                      from engagement_purchases p
                      join engagement_purchase_categories c on c.member_id = p.member_id and c.purchase_id = p.purchase_id
                     where p.member_id = any(:members) and p.occurred_at >= :from and p.occurred_at < :to
                       and p.total_amount > 0 and c.category = :category
                     group by p.member_id
                    """).param("members", members).param("from", from).param("to", to)
                    .param("category", challenge.category())
                    .query(rs -> {
                        progress.put(rs.getLong("member_id"), rs.getBigDecimal("value"));
                    });
            case STREAK_WEEKS -> {
                var days = new HashMap<Long, List<LocalDate>>();
                jdbc.sql("""
                        select distinct member_id, (occurred_at at time zone :zone)::date as day from engagement_purchases
                         where member_id = any(:members) and occurred_at >= :from and occurred_at < :to
                           and returned_amount < total_amount
                        """).param("zone", zone.getId()).param("members", members).param("from", from)
                        .param("to", to)
                        .query(rs -> {
                            days.computeIfAbsent(rs.getLong("member_id"), m -> new ArrayList<>())
                                    .add(rs.getDate("day").toLocalDate());
                        });
                days.forEach((member, ofMember) -> progress.put(member, BigDecimal.valueOf(longestStreak(ofMember))));
            }
        }
        return progress;
    }

    /** The longest run of consecutive Monday-to-Sunday weeks among these days (in any order). */
    static int longestStreak(List<LocalDate> days) {
        var weeks = days.stream().map(d -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))).distinct()
                .sorted().toList();
        int longest = 0;
        int run = 0;
        LocalDate previous = null;
        for (var week : weeks) {
            run = previous != null && previous.plusWeeks(1).equals(week) ? run + 1 : 1;
            longest = Math.max(longest, run);
            previous = week;
        }
        return longest;
    }

    /** Challenges running today that the member has not earned. */
    private List<Challenge> runningNotEarned(long memberId, LocalDate today) {
        return running(List.of(memberId), today).stream().filter(r -> r.earnedBy().isEmpty())
                .map(Running::challenge).toList();
    }

    /** A challenge running today, with those of the given members who earned it. */
    private record Running(Challenge challenge, Set<Long> earnedBy) {
    }

    /**
     * Challenges running today, each with which of these members earned it, in one query; an ended challenge
     * awards nothing more, also not for a purchase of its last days counted late.
     */
    private List<Running> running(List<Long> memberIds, LocalDate today) {
        return jdbc.sql("""
                select c.*, (select count(*) from earned_badges e where e.challenge_id = c.id) as earned_count,
                       array(select e.member_id from earned_badges e
                              where e.challenge_id = c.id and e.member_id = any(:members)) as earned_by
                  from challenges c
                 where c.starts_on <= :today and (c.ends_on is null or c.ends_on >= :today)
                 order by c.starts_on, c.id
                """).param("today", Date.valueOf(today)).param("members", memberIds.toArray(Long[]::new))
                .query((rs, n) -> new Running(challenge(rs, n),
                        Set.of((Long[]) rs.getArray("earned_by").getArray())))
                .list();
    }

    /** How many members earned each badge, for the console. */
    @Transactional(readOnly = true)
    public long earnedTotal() {
        return jdbc.sql("select count(*) from earned_badges").query(Long.class).single();
    }

    private static final String SELECT = """
            select c.*, (select count(*) from earned_badges e where e.challenge_id = c.id) as earned_count
              from challenges c
            """;

    private static Challenge challenge(ResultSet rs, int row) throws SQLException {
        var endsOn = rs.getDate("ends_on");
        return new Challenge(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
                BadgeIcon.valueOf(rs.getString("icon")), ChallengeKind.valueOf(rs.getString("kind")),
                rs.getBigDecimal("target"), rs.getString("category"), rs.getDate("starts_on").toLocalDate(),
                endsOn == null ? null : endsOn.toLocalDate(), rs.getLong("reward_points"),
                rs.getLong("earned_count"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        var ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
