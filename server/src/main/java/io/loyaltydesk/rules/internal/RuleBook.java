package io.loyaltydesk.rules.internal;

import dev.cel.runtime.CelEvaluationException;
import io.loyaltydesk.rules.Award;
import io.loyaltydesk.rules.Basket;
import io.loyaltydesk.rules.EarningRules;
import io.loyaltydesk.rules.Evaluation;
import io.loyaltydesk.rules.MemberFacts;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An immutable set of compiled rules and the order they run in: base-rate rules first (their points are the
 * base that multipliers multiply), then the others by priority, highest first. Among exclusive (non-stackable)
 * rules of each of the two groups only the first that earns applies. No I/O: safe on the hot path.
 */
public final class RuleBook {

    private static final Logger log = LoggerFactory.getLogger(RuleBook.class);
    private static final Comparator<CompiledRule> ORDER = Comparator.comparingInt((CompiledRule r) -> -r.priority)
            .thenComparingLong(r -> r.id);
    /** Rule versions whose expression failed at run time; logged once each, not once per purchase. */
    private static final Set<String> FAILED = ConcurrentHashMap.newKeySet();

    private final CompiledRule[] base;
    private final CompiledRule[] others;
    private final List<CompiledRule> all;
    private final ZoneId zone;
    private final LocalTimes localTimes;
    private final EarningRules.Needs needs;

    public RuleBook(List<CompiledRule> rules, ZoneId zone) {
        this.all = List.copyOf(rules);
        this.needs = new EarningRules.Needs(all.stream().anyMatch(r -> r.reads("tier")),
                all.stream().anyMatch(r -> r.reads("purchasesBefore")), all.stream().anyMatch(CompiledRule::needsUsage));
        this.base = all.stream().filter(CompiledRule::isBase).sorted(ORDER).toArray(CompiledRule[]::new);
        this.others = all.stream().filter(r -> !r.isBase()).sorted(ORDER).toArray(CompiledRule[]::new);
        this.zone = zone;
        this.localTimes = new LocalTimes(zone);
    }

    /** Which member facts that cost a query these rules read. */
    public EarningRules.Needs needs() {
        return needs;
    }

    public List<CompiledRule> rules() {
        return all;
    }

    /** This book with {@code rule} added, replacing the rule with the same id if there is one. */
    public RuleBook with(CompiledRule rule) {
        var rules = new ArrayList<CompiledRule>(all.size() + 1);
        for (CompiledRule r : all) {
            if (r.id != rule.id) {
                rules.add(r);
            }
        }
        rules.add(rule);
        return new RuleBook(rules, zone);
    }

    /** This book without the rule with this id. */
    public RuleBook without(long id) {
        return new RuleBook(all.stream().filter(r -> r.id != id).toList(), zone);
    }

    public boolean contains(long id) {
        return all.stream().anyMatch(r -> r.id == id);
    }

    public Evaluation evaluate(Basket basket, MemberFacts member) {
        var facts = new Facts(basket, member, localTimes.of(basket.occurredAt()));
        var awards = new ArrayList<Award>(Math.min(all.size(), 16)); // room for most purchases' awards
        long basePoints = 0;
        boolean exclusiveApplied = false;
        for (CompiledRule rule : base) {
            if (rule.exclusive && exclusiveApplied) {
                continue;
            }
            var award = apply(rule, facts, 0);
            if (award != null) {
                awards.add(award);
                basePoints += award.points();
                exclusiveApplied |= rule.exclusive;
            }
        }
        exclusiveApplied = false;
        for (CompiledRule rule : others) {
            if (rule.exclusive && exclusiveApplied) {
                continue;
            }
            var award = apply(rule, facts, basePoints);
            if (award != null) {
                awards.add(award);
                exclusiveApplied |= rule.exclusive;
            }
        }
        return new Evaluation(awards);
    }

    /** A rule whose expression fails on this purchase (a missing key, a wrong type) is skipped, the others run. */
    private static Award apply(CompiledRule rule, Facts facts, long basePoints) {
        try {
            return rule.matches(facts) ? rule.award(facts, basePoints) : null;
        } catch (CelEvaluationException | RuntimeException e) {
            if (FAILED.add(rule.id + ":" + rule.version)) {
                log.warn("Rule {} '{}' version {} failed on purchase {} and is skipped where it fails: {}", rule.id,
                        rule.name, rule.version, facts.basket.externalId(), e.getMessage());
            }
            return null;
        }
    }
}
