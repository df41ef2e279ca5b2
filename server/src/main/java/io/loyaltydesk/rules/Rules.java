package io.loyaltydesk.rules;

import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.rules.internal.CompiledRule;
import io.loyaltydesk.rules.internal.Expressions;
import io.loyaltydesk.rules.internal.RuleBook;
import io.loyaltydesk.rules.internal.RuleEngine;
import io.loyaltydesk.rules.internal.RuleStore;
import io.loyaltydesk.rules.internal.RuleValidation;
import io.loyaltydesk.rules.internal.RulesProperties;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.staff.Stores;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writing, reading and trying out earning rules. Every change is audited, every edit is a new version, and the
 * engine that evaluates purchases picks the change up once it is committed.
 */
@Service
public class Rules {

    private static final int SAMPLES_MAX = 10;
    private static final long DRAFT_ID = 0;

    private final RuleStore store;
    private final RuleEngine engine;
    private final Expressions expressions;
    private final AuditTrail audit;
    private final Stores stores;
    private final PointsLedger ledger;
    private final ObjectProvider<PastPurchases> pastPurchases;
    private final Clock clock;
    private final ZoneId zone;

    Rules(RuleStore store, RuleEngine engine, Expressions expressions, AuditTrail audit, Stores stores,
            PointsLedger ledger, ObjectProvider<PastPurchases> pastPurchases, Clock clock, RulesProperties properties) {
        this.store = store;
        this.engine = engine;
        this.expressions = expressions;
        this.audit = audit;
        this.stores = stores;
        this.ledger = ledger;
        this.pastPurchases = pastPurchases;
        this.clock = clock;
        this.zone = properties.zone();
    }

    @Transactional(readOnly = true)
    public List<Rule> all(RuleStatus status) {
        return store.all(status);
    }

    @Transactional(readOnly = true)
    public Rule get(long id) {
        return store.find(id).orElseThrow(() -> new CommandRefusedException.NotFound("Rule", id));
    }

    /** Every version of a rule, newest first. */
    @Transactional(readOnly = true)
    public List<RuleVersion> versions(long id) {
        get(id);
        return store.versions(id);
    }

    @Transactional(readOnly = true)
    public RuleVersion version(long id, int version) {
        return store.version(id, version)
                .orElseThrow(() -> new CommandRefusedException.NotFound("Rule version", id + "/" + version));
    }

    /** A new rule as version 1; it earns nothing until it is ACTIVE. */
    @Transactional
    public Rule create(RuleDefinition definition, RuleStatus status) {
        var initial = status == null ? RuleStatus.DRAFT : status;
        if (initial == RuleStatus.ARCHIVED) {
            throw new CommandRefusedException.InvalidInput("status", "a new rule cannot start archived");
        }
        validate(definition);
        long id = store.insert(definition, initial, Actor.current().name(), clock.instant());
        var rule = get(id);
        audit.record("rule.created", "rule", id, null, rule, null);
        engine.reloadAfterCommit();
        return rule;
    }

    /** Saves a changed definition as the next version; points already earned keep their version. */
    @Transactional
    public Rule update(long id, RuleDefinition definition, String reason) {
        var before = store.lock(id).orElseThrow(() -> new CommandRefusedException.NotFound("Rule", id));
        if (before.status() == RuleStatus.ARCHIVED) {
            throw new CommandRefusedException.RuleViolated("rule-archived", "An archived rule cannot be changed");
        }
        validate(definition);
        if (definition.equals(before.definition())) {
            return before;
        }
        store.addVersion(id, definition, Actor.current().name(), clock.instant());
        var after = get(id);
        audit.record("rule.changed", "rule", id, before, after, reason);
        engine.reloadAfterCommit();
        return after;
    }

    /** Activates, pauses or archives a rule. Archiving is final. */
    @Transactional
    public Rule changeStatus(long id, RuleStatus status, String reason) {
        if (status == null) {
            throw new CommandRefusedException.InvalidInput("status", "is required");
        }
        var before = store.lock(id).orElseThrow(() -> new CommandRefusedException.NotFound("Rule", id));
        if (before.status() == status) {
            return before;
        }
        if (before.status() == RuleStatus.ARCHIVED) {
            throw new CommandRefusedException.RuleViolated("rule-archived", "An archived rule cannot be changed");
        }
        store.setStatus(id, status, clock.instant());
        var after = get(id);
        audit.record("rule.status", "rule", id, before, after, reason);
        engine.reloadAfterCommit();
        return after;
    }

    /** Compiles an expression for the live editor, without saving anything. */
    public ExpressionCheck check(String expression, String target) {
        var where = "lineFilter".equals(target) ? Expressions.Target.LINE_FILTER : Expressions.Target.CONDITION;
        return expressions.check(expression, where);
    }

    /** The condition a built-in kind adds by itself (in CEL, for display); null for kinds without one. */
    public String builtInCondition(RuleDefinition definition) {
        return RuleValidation.builtInCondition(definition);
    }

    private void validate(RuleDefinition definition) {
        var problems = RuleValidation.problems(definition, expressions, code -> stores.byCode(code).isPresent());
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
    }

    /**
     * Runs a draft rule over past purchases with occurredAt in [from, to) and reports what it would add to the
     * rules active now; nothing is written. For an edit of a saved rule ({@code ruleId} with a {@code draft}) the
     * comparison is against that rule's current version; with {@code ruleId} alone the saved rule is the draft.
     * Caps of the draft count only the points it gives within the simulated range.
     */
    @Transactional(readOnly = true)
    public Simulation simulate(RuleDefinition draft, Long ruleId, Instant from, Instant to) {
        var problems = new ArrayList<FieldProblem>();
        if (from == null) {
            problems.add(new FieldProblem("from", "is required"));
        }
        if (to == null) {
            problems.add(new FieldProblem("to", "is required"));
        }
        if (from != null && to != null && !from.isBefore(to)) {
            problems.add(new FieldProblem("to", "must be after from"));
        }
        if (draft == null && ruleId == null) {
            problems.add(new FieldProblem("rule", "a draft rule or a ruleId is required"));
        }
        if (draft != null) {
            problems.addAll(RuleValidation.problems(draft, expressions, code -> stores.byCode(code).isPresent())
                    .stream().map(p -> new FieldProblem("rule." + p.field(), p.message()))
                    .toList());
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var active = engine.book();
        RuleBook without;
        CompiledRule candidate;
        if (ruleId != null) {
            var saved = get(ruleId);
            without = active;
            candidate = draft == null ? engine.compile(saved)
                    : new CompiledRule(ruleId, saved.version() + 1, draft, expressions);
        } else {
            without = active;
            candidate = new CompiledRule(DRAFT_ID, 0, draft, expressions);
        }
        var with = active.with(candidate);
        var settings = ledger.settings();
        var tally = new Tally(candidate.id(), zone);
        var source = pastPurchases.getIfAvailable();
        if (source != null) {
            source.forEachBetween(from, to, past -> tally.add(past, with, without));
        }
        long liability = BigDecimal.valueOf(tally.extraPoints).multiply(settings.pointValueMinor())
                .setScale(0, RoundingMode.HALF_UP).longValueExact();
        return new Simulation(tally.scanned, tally.matched, tally.members.size(), tally.extraPoints, liability,
                settings.currency(), List.copyOf(tally.samples));
    }

    /** Running totals of a simulation, with the draft's own usage per member for its caps. */
    private static final class Tally {

        private final long ruleId;
        private final ZoneId zone;
        long scanned;
        long matched;
        long extraPoints;
        final HashSet<Long> members = new HashSet<>();
        final List<Simulation.Sample> samples = new ArrayList<>();
        private final Map<Long, Usage> usage = new HashMap<>();

        Tally(long ruleId, ZoneId zone) {
            this.ruleId = ruleId;
            this.zone = zone;
        }

        void add(PastPurchases.PastPurchase past, RuleBook with, RuleBook without) {
            scanned++;
            var member = past.member();
            var used = usage.computeIfAbsent(member.memberId(), id -> new Usage());
            var day = LocalDate.ofInstant(past.basket().occurredAt(), zone);
            var byRule = new HashMap<>(member.pointsByRule());
            byRule.put(ruleId, used.on(day));
            var withFacts = new MemberFacts(member.memberId(), member.tier(), member.purchasesBefore(),
                    member.birthDate(), member.enrolledOn(), byRule);
            var withPoints = with.evaluate(past.basket(), withFacts);
            long extra = withPoints.totalPoints() - without.evaluate(past.basket(), member).totalPoints();
            extraPoints += extra;
            if (extra != 0) {
                members.add(member.memberId());
            }
            for (Award award : withPoints.awards()) {
                if (award.ruleId() == ruleId) {
                    matched++;
                    used.add(day, award.points());
                    if (samples.size() < SAMPLES_MAX) {
                        samples.add(new Simulation.Sample(past.basket().externalId(), member.memberId(), extra,
                                award.explanation()));
                    }
                }
            }
        }
    }

    /** Points the draft gave one member in the simulation: today, this month, ever (purchases come in order). */
    private static final class Usage {

        private LocalDate day;
        private long today;
        private long thisMonth;
        private long lifetime;

        MemberFacts.RuleUsage on(LocalDate date) {
            if (!date.equals(day)) {
                if (day == null || !YearMonth.from(date).equals(YearMonth.from(day))) {
                    thisMonth = 0;
                }
                today = 0;
                day = date;
            }
            return new MemberFacts.RuleUsage(today, thisMonth, lifetime);
        }

        void add(LocalDate date, long points) {
            on(date);
            today += points;
            thisMonth += points;
            lifetime += points;
        }
    }
}
