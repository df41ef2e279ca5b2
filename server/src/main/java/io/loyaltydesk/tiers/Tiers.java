package io.loyaltydesk.tiers;

import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.purchases.PurchaseRecorded;
import io.loyaltydesk.purchases.PurchaseReturned;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.tiers.TierProgram.Window;
import io.loyaltydesk.tiers.TierProgress.NextTier;
import io.loyaltydesk.tiers.TierProgress.TierOverride;
import io.loyaltydesk.tiers.TierProgress.TierRef;
import io.loyaltydesk.tiers.internal.TierStore;
import io.loyaltydesk.tiers.internal.TierStore.Membership;
import io.loyaltydesk.tiers.internal.TiersProperties;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tier definitions, the program's qualification setting, each member's tier and progress, staff overrides and the
 * review that moves members down at the end of their period. See the package documentation for the exact rules.
 */
@Service
public class Tiers {

    private static final Logger log = LoggerFactory.getLogger(Tiers.class);
    private static final BigDecimal THRESHOLD_MAX = new BigDecimal("1000000000000");
    private static final int PROJECTION_STEPS_MAX = 10_000;

    private final TierStore store;
    private final Members members;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ZoneId zone;

    Tiers(TierStore store, Members members, AuditTrail audit, ApplicationEventPublisher events, Clock clock,
            TiersProperties properties) {
        this.store = store;
        this.members = members;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.zone = properties.zone();
    }

    // ---- definitions

    /** All tiers, lowest rank (the base tier) first. */
    @Transactional(readOnly = true)
    public List<Tier> all() {
        return store.tiers();
    }

    @Transactional(readOnly = true)
    public Tier get(String code) {
        return store.find(code).orElseThrow(() -> new CommandRefusedException.NotFound("Tier", code));
    }

    @Transactional(readOnly = true)
    public TierProgram program() {
        return store.program();
    }

    /** The zone in which the program's years and days begin. */
    public ZoneId zone() {
        return zone;
    }

    @Transactional
    public Tier create(TierDefinition definition) {
        store.lockDefinitions();
        var problems = new ArrayList<FieldProblem>();
        var code = definition.code() == null ? null : definition.code().strip().toUpperCase(Locale.ROOT);
        if (code == null || code.isEmpty()) {
            problems.add(new FieldProblem("code", "is required"));
        } else if (!code.matches("[A-Z][A-Z0-9_]{0,29}")) {
            problems.add(new FieldProblem("code", "use letters A-Z, digits and _ (at most 30), starting with a letter"));
        }
        var normal = normalised(definition, code);
        problems.addAll(problems(normal, null));
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        if (store.find(code).isPresent()) {
            throw new CommandRefusedException.Conflict("tier-exists", "A tier with code " + code + " already exists");
        }
        store.insert(normal, clock.instant());
        var tier = get(code);
        audit.record("tier.created", "tier", code, null, tier, null);
        return tier;
    }

    /** Changes a tier; members keep their tier until their next upgrade or review, which use the new figures. */
    @Transactional
    public Tier update(String code, TierDefinition definition, String reason) {
        store.lockDefinitions();
        var before = get(code);
        var normal = normalised(definition, code);
        var problems = problems(normal, before);
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        store.update(code, normal, clock.instant());
        var after = get(code);
        audit.record("tier.changed", "tier", code, before, after, reason);
        return after;
    }

    @Transactional
    public TierProgram updateProgram(TierProgram program, String reason) {
        var problems = new ArrayList<FieldProblem>();
        if (program.metric() == null) {
            problems.add(new FieldProblem("metric", "is required: POINTS, SPEND or VISITS"));
        }
        if (program.window() == null) {
            problems.add(new FieldProblem("window", "is required: ROLLING_MONTHS or CALENDAR_YEAR"));
        }
        Integer months = program.windowMonths();
        if (months == null && program.window() == Window.CALENDAR_YEAR) {
            months = 12;
        }
        if (months == null || months < 1 || months > 36) {
            problems.add(new FieldProblem("windowMonths", "must be between 1 and 36"));
        }
        if (program.graceDays() == null || program.graceDays() < 0 || program.graceDays() > 365) {
            problems.add(new FieldProblem("graceDays", "must be between 0 and 365"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var before = store.program();
        var after = new TierProgram(program.metric(), program.window(), months, program.graceDays());
        store.saveProgram(after, clock.instant());
        audit.record("tiers.program.changed", "settings", "tiers", before, after, reason);
        return after;
    }

    private static TierDefinition normalised(TierDefinition d, String code) {
        return new TierDefinition(code, d.name() == null ? null : d.name().strip(), d.rank(),
                d.colour() == null ? null : d.colour().strip().toUpperCase(Locale.ROOT),
                d.benefits() == null || d.benefits().isBlank() ? null : d.benefits().strip(),
                d.earnMultiplierHint(), d.threshold());
    }

    /** What is wrong with a tier, checked against the other tiers (all but {@code before}). */
    private List<FieldProblem> problems(TierDefinition d, Tier before) {
        var problems = new ArrayList<FieldProblem>();
        if (d.name() == null || d.name().isEmpty()) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (d.name().length() > 60) {
            problems.add(new FieldProblem("name", "must have at most 60 characters"));
        }
        if (d.colour() == null || !d.colour().matches("#[0-9A-F]{6}")) {
            problems.add(new FieldProblem("colour", "must be a hex colour such as #C9A227"));
        }
        if (d.benefits() != null && d.benefits().length() > 2000) {
            problems.add(new FieldProblem("benefits", "must have at most 2000 characters"));
        }
        var hint = d.earnMultiplierHint();
        if (hint != null && (hint.compareTo(BigDecimal.ONE) < 0 || hint.compareTo(BigDecimal.TEN) > 0
                || hint.stripTrailingZeros().scale() > 2)) {
            problems.add(new FieldProblem("earnMultiplierHint", "must be between 1 and 10 with at most 2 decimals"));
        }
        var others = store.tiers().stream().filter(t -> before == null || !t.code().equals(before.code())).toList();
        var rank = d.rank();
        if (rank == null || rank < 0 || rank > 1000) {
            problems.add(new FieldProblem("rank", "must be a whole number between 0 and 1000"));
            rank = null;
        } else {
            int r = rank;
            others.stream().filter(t -> t.rank() == r).findFirst().ifPresent(t -> problems.add(
                    new FieldProblem("rank", "rank " + r + " is taken by " + t.code())));
            if (r > 0 && others.stream().noneMatch(t -> t.rank() == 0)) {
                problems.add(new FieldProblem("rank", "create the base tier (rank 0, threshold 0) first"));
            }
            if (before != null && before.rank() == 0 && r != 0 && !others.isEmpty()) {
                problems.add(new FieldProblem("rank", "the base tier keeps rank 0"));
            }
        }
        var threshold = d.threshold();
        if (threshold == null || threshold.signum() < 0 || threshold.stripTrailingZeros().scale() > 2
                || threshold.compareTo(THRESHOLD_MAX) >= 0) {
            problems.add(new FieldProblem("threshold", "must be 0 or more with at most 2 decimals"));
        } else if (store.program().metric() != TierProgram.Metric.SPEND
                && threshold.stripTrailingZeros().scale() > 0) {
            problems.add(new FieldProblem("threshold", "must be a whole number for " + store.program().metric()));
        } else if (rank != null) {
            int r = rank;
            if (r == 0 && threshold.signum() != 0) {
                problems.add(new FieldProblem("threshold", "the base tier (rank 0) has threshold 0"));
            } else if (r > 0 && threshold.signum() == 0) {
                problems.add(new FieldProblem("threshold", "must be more than 0 above the base tier"));
            }
            others.stream().filter(t -> t.rank() < r && t.threshold().compareTo(threshold) >= 0)
                    .reduce((a, b) -> b).ifPresent(t -> problems.add(new FieldProblem("threshold",
                            "must be more than " + t.code() + "'s threshold " + plain(t.threshold())
                                    + " (thresholds rise with rank)")));
            others.stream().filter(t -> t.rank() > r && t.threshold().compareTo(threshold) <= 0)
                    .findFirst().ifPresent(t -> problems.add(new FieldProblem("threshold",
                            "must be less than " + t.code() + "'s threshold " + plain(t.threshold())
                                    + " (thresholds rise with rank)")));
        }
        return problems;
    }

    // ---- members

    /** Where the member stands now; see {@link TierProgress}. */
    @Transactional(readOnly = true)
    public TierProgress progress(MemberId memberId) {
        members.get(memberId);
        var now = clock.instant();
        var program = store.program();
        var tiers = store.tiers();
        var window = currentWindow(program, now);
        var value = store.metric(memberId.value(), program.metric(), window.from(), window.to());
        var membership = store.membership(memberId.value()).orElse(null);
        if (tiers.isEmpty()) {
            return new TierProgress(memberId.value(), null, program.metric(), value, null, null, null, null, null,
                    null, null, null);
        }
        var earned = membership == null ? tiers.getFirst() : byCode(tiers, membership.tierCode()).orElse(tiers.getFirst());
        var held = membership != null && membership.overrideActiveAt(now)
                ? byCode(tiers, membership.overrideTierCode()).orElse(earned) : earned;
        var next = tiers.stream().filter(t -> t.rank() > earned.rank()).findFirst().orElse(null);
        var periodEnd = earned.rank() == 0 || membership == null ? null : membership.periodEnd();
        Tier dropTo = null;
        Instant dropsAt = null;
        BigDecimal toKeep = null;
        if (periodEnd != null) {
            var drop = projectDrop(memberId.value(), program, tiers, earned, periodEnd);
            if (drop != null) {
                dropTo = drop.to();
                dropsAt = drop.at();
                toKeep = drop.toKeep();
            }
        }
        TierOverride override = membership != null && membership.overrideActiveAt(now)
                ? new TierOverride(membership.overrideTierCode(), membership.overrideUntil(),
                        membership.overrideReason(), membership.overrideBy())
                : null;
        return new TierProgress(memberId.value(), TierRef.of(held), program.metric(), value,
                next == null ? null : new NextTier(next.code(), next.name(), next.threshold()),
                next == null ? null : next.threshold().subtract(value).max(BigDecimal.ZERO), periodEnd,
                TierRef.of(dropTo), dropsAt, toKeep, override, TierRef.of(earned));
    }

    /** The tier the member holds now (an active override included); empty when the program has no tiers. */
    @Transactional(readOnly = true)
    public Optional<Tier> heldTier(MemberId memberId) {
        var tiers = store.tiers();
        return heldTierCode(memberId.value(), clock.instant()).flatMap(code -> byCode(tiers, code));
    }

    /**
     * Puts the member into {@code tierCode} until the end of {@code lastDay}, whatever the metric says; the earned
     * tier keeps being qualified and reviewed underneath and applies again when the override ends.
     */
    @Transactional
    public TierProgress override(MemberId memberId, String tierCode, LocalDate lastDay, String reason) {
        members.get(memberId);
        var now = clock.instant();
        var tiers = store.tiers();
        var problems = new ArrayList<FieldProblem>();
        var tier = tierCode == null ? Optional.<Tier>empty()
                : byCode(tiers, tierCode.strip().toUpperCase(Locale.ROOT));
        if (tier.isEmpty()) {
            problems.add(new FieldProblem("tier", "must be the code of a tier"));
        }
        Instant until = lastDay == null ? null : lastDay.plusDays(1).atStartOfDay(zone).toInstant();
        if (until == null || !until.isAfter(now)) {
            problems.add(new FieldProblem("until", "must be today or a later date"));
        } else if (lastDay.isAfter(LocalDate.ofInstant(now, zone).plusYears(5))) {
            problems.add(new FieldProblem("until", "must be within 5 years"));
        }
        if (reason == null || reason.isBlank()) {
            problems.add(new FieldProblem("reason", "is required"));
        } else if (reason.strip().length() > 500) {
            problems.add(new FieldProblem("reason", "must have at most 500 characters"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var before = store.lockMembership(memberId.value(), tiers.getFirst().code(), now);
        var heldBefore = held(before, now);
        var code = tier.get().code();
        store.setOverride(memberId.value(), code, until, reason.strip(), Actor.current().name(), now);
        audit.record("tier.override", "member-tier", memberId.value(), before,
                store.membership(memberId.value()).orElseThrow(), reason);
        if (!code.equals(heldBefore)) {
            events.publishEvent(new TierChanged(memberId.value(), heldBefore, code, TierChanged.Reason.OVERRIDE, now));
        }
        return progress(memberId);
    }

    /** Ends the member's override now; the earned tier applies again. */
    @Transactional
    public TierProgress endOverride(MemberId memberId, String reason) {
        members.get(memberId);
        var now = clock.instant();
        var tiers = store.tiers();
        var membership = store.membership(memberId.value());
        if (tiers.isEmpty() || membership.isEmpty() || !membership.get().overrideActiveAt(now)) {
            throw new CommandRefusedException.RuleViolated("no-override", "Member " + memberId.value()
                    + " has no tier override");
        }
        var before = store.lockMembership(memberId.value(), tiers.getFirst().code(), now);
        store.setOverride(memberId.value(), null, null, null, null, now);
        audit.record("tier.override.ended", "member-tier", memberId.value(), before,
                store.membership(memberId.value()).orElseThrow(), reason);
        if (!before.overrideTierCode().equals(before.tierCode())) {
            events.publishEvent(new TierChanged(memberId.value(), before.overrideTierCode(), before.tierCode(),
                    TierChanged.Reason.OVERRIDE_ENDED, now));
        }
        return progress(memberId);
    }

    // ---- the review (the job calls these in a loop; each call is one batch in one transaction)

    /**
     * Reviews up to {@code batch} members whose period ended at least the grace period ago (set-based, see
     * {@link TierStore#reviewDue}) and publishes {@link TierChanged} for each member who moved down.
     *
     * @return how many members were reviewed; 0 when none is due
     */
    @Transactional
    public int reviewDue(int batch) {
        var now = clock.instant();
        var changes = store.reviewDue(store.program(), zone, now, batch);
        for (var change : changes) {
            if (!Objects.equals(change.fromTier(), change.toTier()) && !change.overrideActive()) {
                events.publishEvent(new TierChanged(change.memberId(), change.fromTier(), change.toTier(),
                        TierChanged.Reason.DOWNGRADE, now));
            }
        }
        return changes.size();
    }

    /** Ends up to {@code batch} overrides whose end date passed; audited as the system. */
    @Transactional
    public int endExpiredOverrides(int batch) {
        var now = clock.instant();
        var ended = store.endExpiredOverrides(now, batch);
        var system = Actor.system("tier-overrides");
        for (var change : ended) {
            audit.record(system, "tier.override.expired", "member-tier", change.memberId(),
                    java.util.Map.of("overrideTier", change.fromTier()), java.util.Map.of("tier", change.toTier()),
                    "override ended on its date");
            if (!change.fromTier().equals(change.toTier())) {
                events.publishEvent(new TierChanged(change.memberId(), change.fromTier(), change.toTier(),
                        TierChanged.Reason.OVERRIDE_ENDED, now));
            }
        }
        return ended.size();
    }

    // ---- purchases (called by the event listeners of this module)

    /** Counts a purchase and moves the member up at once if the current window now reaches a higher tier. */
    @Transactional
    void purchaseRecorded(PurchaseRecorded purchase) {
        purchasesRecorded(List.of(purchase));
    }

    /**
     * Counts purchases (sorted by member) as {@link #purchaseRecorded} does one after the other, in a few statements
     * for all of them: the activity in one insert, the memberships locked in one, the metrics in one query, the
     * changed tiers in one update. A member's purchases still count one by one against the metric, so a member who
     * passes two tiers in one batch moves up twice (an event each), as if the purchases had come one at a time.
     */
    @Transactional
    void purchasesRecorded(List<PurchaseRecorded> purchases) {
        var now = clock.instant();
        var added = store.addPurchases(purchases.stream().map(p -> new TierStore.NewPurchase(p.memberId(),
                p.purchaseId(), p.occurredAt(), p.pointsEarned(), p.totalAmount())).toList(), now);
        // the purchases counted now (not before, by a redelivered event), each once, by member in the given order
        var counted = new java.util.LinkedHashMap<Long, List<PurchaseRecorded>>();
        for (var purchase : purchases) {
            if (added.remove(purchase.purchaseId())) {
                counted.computeIfAbsent(purchase.memberId(), m -> new ArrayList<>()).add(purchase);
            }
        }
        if (counted.isEmpty()) {
            return;
        }
        var tiers = store.tiers();
        if (tiers.isEmpty()) {
            return;
        }
        var program = store.program();
        var memberships = store.lockMemberships(List.copyOf(counted.keySet()), tiers.getFirst().code(), now);
        var window = currentWindow(program, now);
        var metrics = store.metricsBefore(counted.keySet(),
                counted.values().stream().flatMap(List::stream).map(PurchaseRecorded::purchaseId).toList(),
                program.metric(), window.from(), window.to());
        var review = nextReview(program, now);
        var updates = new ArrayList<TierStore.TierUpdate>();
        counted.forEach((memberId, ofMember) -> {
            var membership = memberships.get(memberId);
            var value = metrics.byMember().getOrDefault(memberId, BigDecimal.ZERO);
            var code = membership.tierCode();
            var periodEnd = membership.periodEnd();
            boolean upgraded = false;
            boolean changed = false;
            for (var purchase : ofMember) {
                value = value.add(metrics.byPurchase().getOrDefault(purchase.purchaseId(), BigDecimal.ZERO));
                var current = byCode(tiers, code).orElse(tiers.getFirst());
                var target = qualifying(tiers, value);
                if (target.rank() == 0 || target.rank() < current.rank()) {
                    continue;
                }
                var end = periodEnd != null && periodEnd.isAfter(review) ? periodEnd : review;
                if (target.rank() > current.rank()) {
                    code = target.code();
                    upgraded = true;
                    changed = true;
                    periodEnd = end;
                    if (!membership.overrideActiveAt(now)) {
                        events.publishEvent(new TierChanged(memberId, current.code(), target.code(),
                                TierChanged.Reason.UPGRADE, now));
                    }
                } else if (!end.equals(periodEnd)) {
                    // qualified again for the tier held: the review moves to the end of this period
                    periodEnd = end;
                    changed = true;
                }
            }
            if (changed) {
                updates.add(new TierStore.TierUpdate(memberId, code, upgraded, periodEnd));
            }
        });
        store.updateTiers(updates, now);
    }

    /**
     * Counts a return against its purchase's date. It never moves the member down at once: the lower metric
     * counts at the next review.
     */
    @Transactional
    void purchaseReturned(PurchaseReturned returned) {
        var left = store.purchaseLeft(returned.memberId(), returned.purchaseId());
        if (left.isEmpty()) {
            log.debug("Return of purchase {} that tiers never counted; ignored", returned.purchaseId());
            return;
        }
        var spendAfter = left.get().spendLeft().subtract(returned.amount());
        int visits = left.get().spendLeft().signum() > 0 && spendAfter.signum() <= 0 ? -1 : 0;
        store.addReturn(returned.memberId(), returned.purchaseId(), returned.returnId(), left.get().occurredAt(),
                -returned.pointsReversed(), returned.amount().negate(), visits, clock.instant());
    }

    /** {@link #heldTierCode} of many members, each at its own time (same positions), with at most two queries. */
    @Transactional(readOnly = true)
    List<String> heldTierCodes(List<Long> memberIds, List<Instant> ats) {
        var held = store.heldTierCodes(memberIds, ats);
        if (held.stream().anyMatch(java.util.Objects::isNull)) {
            var base = store.tiers().stream().findFirst().map(Tier::code).orElse(null);
            held.replaceAll(code -> code == null ? base : code);
        }
        return held;
    }

    /** The code of the tier held at {@code at}: an override, else the earned tier, else the base tier. */
    @Transactional(readOnly = true)
    Optional<String> heldTierCode(long memberId, Instant at) {
        var held = store.heldTierCode(memberId, at);
        if (held.isPresent()) {
            return held;
        }
        return store.tiers().stream().findFirst().map(Tier::code);
    }

    private record Drop(Tier to, Instant at, BigDecimal toKeep) {
    }

    /**
     * The review that will move the member down if nothing more is bought, as the job will run it: for a calendar
     * year the period ending at {@code periodEnd}; for a rolling window the first review day on which purchases
     * have aged out of the window far enough.
     */
    private Drop projectDrop(long memberId, TierProgram program, List<Tier> tiers, Tier earned, Instant periodEnd) {
        var grace = Duration.ofDays(program.graceDays());
        if (program.window() == Window.CALENDAR_YEAR) {
            var from = periodEnd.atZone(zone).minusYears(1).toInstant();
            var value = store.metric(memberId, program.metric(), from, periodEnd);
            var target = qualifying(tiers, value);
            return target.rank() < earned.rank()
                    ? new Drop(target, periodEnd.plus(grace), earned.threshold().subtract(value)) : null;
        }
        int months = program.windowMonths();
        var activity = store.activity(memberId, program.metric(), periodEnd.atZone(zone).minusMonths(months).toInstant());
        var day = periodEnd;
        for (int step = 0; step < PROJECTION_STEPS_MAX; step++) {
            var from = day.atZone(zone).minusMonths(months).toInstant();
            var to = day;
            var inWindow = activity.stream().filter(a -> !a.occurredAt().isBefore(from) && a.occurredAt().isBefore(to))
                    .toList();
            var value = inWindow.stream().map(TierStore.Activity::value).reduce(BigDecimal.ZERO, BigDecimal::add);
            var target = qualifying(tiers, value);
            if (target.rank() < earned.rank()) {
                return new Drop(target, day.plus(grace), earned.threshold().subtract(value));
            }
            var nextDay = day.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
            var agesOut = inWindow.getFirst().occurredAt().atZone(zone).plusMonths(months).toLocalDate().plusDays(1)
                    .atStartOfDay(zone).toInstant();
            day = agesOut.isAfter(nextDay) ? agesOut : nextDay;
        }
        return null;
    }

    private record Span(Instant from, Instant to) {
    }

    /** The window the metric is counted in now: this calendar year, or the last n months. */
    private Span currentWindow(TierProgram program, Instant now) {
        var today = LocalDate.ofInstant(now, zone);
        if (program.window() == Window.CALENDAR_YEAR) {
            var start = today.withDayOfYear(1);
            return new Span(start.atStartOfDay(zone).toInstant(), start.plusYears(1).atStartOfDay(zone).toInstant());
        }
        return new Span(now.atZone(zone).minusMonths(program.windowMonths()).toInstant(),
                today.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /** When a tier qualified for now comes up for review: the end of this year, or (rolling) the next day. */
    private Instant nextReview(TierProgram program, Instant now) {
        var today = LocalDate.ofInstant(now, zone);
        return program.window() == Window.CALENDAR_YEAR
                ? today.withDayOfYear(1).plusYears(1).atStartOfDay(zone).toInstant()
                : today.plusDays(1).atStartOfDay(zone).toInstant();
    }

    private static Tier qualifying(List<Tier> tiers, BigDecimal value) {
        var best = tiers.getFirst();
        for (var tier : tiers) {
            if (tier.threshold().compareTo(value) <= 0) {
                best = tier;
            }
        }
        return best;
    }

    private static Optional<Tier> byCode(List<Tier> tiers, String code) {
        return tiers.stream().filter(t -> t.code().equals(code)).findFirst();
    }

    private static String held(Membership membership, Instant now) {
        return membership.overrideActiveAt(now) ? membership.overrideTierCode() : membership.tierCode();
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
