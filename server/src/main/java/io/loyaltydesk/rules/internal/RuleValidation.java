package io.loyaltydesk.rules.internal;

import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.rules.RuleDefinition;
import io.loyaltydesk.rules.RuleDefinition.EffectType;
import io.loyaltydesk.rules.RuleDefinition.RuleKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Checks a rule definition field by field and reports every bad field at once. */
public final class RuleValidation {

    private RuleValidation() {
    }

    /** @param storeExists whether a store code names a store */
    public static List<FieldProblem> problems(RuleDefinition rule, Expressions expressions,
            Predicate<String> storeExists) {
        var problems = new ArrayList<FieldProblem>();
        if (rule.name() == null || rule.name().isBlank()) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (rule.name().length() > 120) {
            problems.add(new FieldProblem("name", "must be at most 120 characters"));
        }
        if (rule.description() != null && rule.description().length() > 2000) {
            problems.add(new FieldProblem("description", "must be at most 2000 characters"));
        }
        if (rule.kind() == null) {
            problems.add(new FieldProblem("kind", "is required"));
        }
        if (rule.condition() != null && !rule.condition().isBlank()) {
            expression(rule.condition(), Expressions.Target.CONDITION, "condition", expressions, problems);
        } else if (rule.kind() == RuleKind.CUSTOM) {
            problems.add(new FieldProblem("condition", "is required for a custom rule"));
        }
        if (rule.kind() == RuleKind.NTH_VISIT && (rule.visitNumber() == null || rule.visitNumber() < 2)) {
            problems.add(new FieldProblem("visitNumber", "must be 2 or more for an Nth-visit rule"));
        }
        effect(rule, expressions, problems);
        if (rule.validFrom() != null && rule.validTo() != null && !rule.validFrom().isBefore(rule.validTo())) {
            problems.add(new FieldProblem("validTo", "must be after validFrom"));
        }
        if (rule.hours() != null) {
            if (rule.hours().from() == null || rule.hours().to() == null) {
                problems.add(new FieldProblem("hours", "needs both from and to"));
            } else if (rule.hours().from().equals(rule.hours().to())) {
                problems.add(new FieldProblem("hours", "from and to must differ"));
            }
        }
        for (String code : rule.storeCodes()) {
            if (code == null || !storeExists.test(code)) {
                problems.add(new FieldProblem("storeCodes", "no store has the code " + code));
            }
        }
        var caps = rule.caps();
        cap("caps.perPurchase", caps.perPurchase(), problems);
        cap("caps.perMemberPerDay", caps.perMemberPerDay(), problems);
        cap("caps.perMemberPerMonth", caps.perMemberPerMonth(), problems);
        cap("caps.perMemberLifetime", caps.perMemberLifetime(), problems);
        return problems;
    }

    private static void effect(RuleDefinition rule, Expressions expressions, List<FieldProblem> problems) {
        var effect = rule.effect();
        if (effect == null || effect.type() == null) {
            problems.add(new FieldProblem("effect.type", "is required"));
            return;
        }
        if (rule.kind() == RuleKind.BASE_RATE && effect.type() != EffectType.PER_AMOUNT) {
            problems.add(new FieldProblem("effect.type", "must be PER_AMOUNT for a base rate"));
        }
        if (rule.kind() == RuleKind.CATEGORY_BONUS
                && (effect.type() != EffectType.PER_LINE || effect.categories().isEmpty())) {
            problems.add(new FieldProblem("effect.categories",
                    "a category bonus needs a PER_LINE effect with at least one category"));
        }
        switch (effect.type()) {
            case PER_AMOUNT, PER_LINE -> {
                positive("effect.pointsPer", effect.pointsPer(), problems);
                positive("effect.perAmount", effect.perAmount(), problems);
                if (effect.type() == EffectType.PER_LINE) {
                    boolean hasFilter = effect.lineFilter() != null && !effect.lineFilter().isBlank();
                    if (hasFilter) {
                        expression(effect.lineFilter(), Expressions.Target.LINE_FILTER, "effect.lineFilter",
                                expressions, problems);
                    } else if (effect.categories().isEmpty()) {
                        problems.add(new FieldProblem("effect.lineFilter",
                                "a per-line effect needs categories or a line filter"));
                    }
                    if (effect.categories().stream().anyMatch(c -> c == null || c.isBlank())) {
                        problems.add(new FieldProblem("effect.categories", "must not contain empty names"));
                    }
                }
            }
            case MULTIPLIER -> {
                if (effect.factor() == null || effect.factor().compareTo(BigDecimal.ONE) <= 0) {
                    problems.add(new FieldProblem("effect.factor", "must be more than 1"));
                } else if (effect.factor().compareTo(BigDecimal.valueOf(100)) > 0) {
                    problems.add(new FieldProblem("effect.factor", "must be at most 100"));
                }
            }
            case FIXED -> {
                if (effect.points() == null || effect.points() <= 0) {
                    problems.add(new FieldProblem("effect.points", "must be 1 or more"));
                }
            }
        }
    }

    private static void expression(String text, Expressions.Target target, String field, Expressions expressions,
            List<FieldProblem> problems) {
        var check = expressions.check(text, target);
        for (var problem : check.errors()) {
            problems.add(new FieldProblem(field, problem.toString()));
        }
    }

    private static void positive(String field, BigDecimal value, List<FieldProblem> problems) {
        if (value == null || value.signum() <= 0) {
            problems.add(new FieldProblem(field, "must be more than 0"));
        }
    }

    private static void cap(String field, Long value, List<FieldProblem> problems) {
        if (value != null && value < 1) {
            problems.add(new FieldProblem(field, "must be 1 or more, or left empty for no cap"));
        }
    }

    /** The condition a built-in kind adds, in CEL, to show next to the rule's own condition. */
    public static String builtInCondition(RuleDefinition rule) {
        if (rule.kind() == null) {
            return null;
        }
        return switch (rule.kind()) {
            case FIRST_PURCHASE -> "member.purchasesBefore == 0";
            case BIRTHDAY_MONTH -> "member.birthMonth == now.month";
            case NTH_VISIT -> "(member.purchasesBefore + 1) % " + rule.visitNumber() + " == 0";
            case BASE_RATE, CATEGORY_BONUS, CUSTOM -> null;
        };
    }
}
