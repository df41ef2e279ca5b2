package io.loyaltydesk.rules.internal;

import io.loyaltydesk.rules.Basket;
import io.loyaltydesk.rules.EarningRules;
import io.loyaltydesk.rules.Evaluation;
import io.loyaltydesk.rules.MemberFacts;
import io.loyaltydesk.rules.Rule;
import io.loyaltydesk.rules.RuleStatus;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The active rules, compiled, in memory. Evaluation reads one immutable {@link RuleBook}; a change to the
 * rules builds a new book after its transaction commits. Compiled versions are cached by (rule, version), so
 * a reload compiles only what changed.
 */
@Service
public class RuleEngine implements EarningRules {

    private static final Logger log = LoggerFactory.getLogger(RuleEngine.class);

    private final RuleStore store;
    private final Expressions expressions;
    private final RulesProperties properties;
    private final Map<String, CompiledRule> compiled = new ConcurrentHashMap<>();
    private volatile RuleBook book;

    RuleEngine(RuleStore store, Expressions expressions, RulesProperties properties) {
        this.store = store;
        this.expressions = expressions;
        this.properties = properties;
    }

    @Override
    public Evaluation evaluate(Basket basket, MemberFacts member) {
        return book().evaluate(basket, member);
    }

    @Override
    public Needs needs() {
        return book().needs();
    }

    public RuleBook book() {
        var current = book;
        if (current == null) {
            synchronized (this) {
                if (book == null) {
                    reload();
                }
                current = book;
            }
        }
        return current;
    }

    /** Compiles one version of a rule, or takes it from the cache. */
    public CompiledRule compile(Rule rule) {
        return compiled.computeIfAbsent(rule.id() + ":" + rule.version(),
                key -> new CompiledRule(rule.id(), rule.version(), rule.definition(), expressions));
    }

    public synchronized void reload() {
        var rules = new ArrayList<CompiledRule>();
        for (Rule rule : store.all(RuleStatus.ACTIVE)) {
            try {
                rules.add(compile(rule));
            } catch (Expressions.Invalid e) {
                log.error("Rule {} version {} does not compile and is left out: {}", rule.id(), rule.version(),
                        e.getMessage());
            }
        }
        book = new RuleBook(rules, properties.zone());
    }

    /** Rebuilds the book once the current transaction has committed (at once when there is none). */
    public void reloadAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    reload();
                }
            });
        } else {
            reload();
        }
    }
}
