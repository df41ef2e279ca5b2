package io.loyaltydesk.rules.internal;

import dev.cel.runtime.CelEvaluationException;
import io.loyaltydesk.rules.Award;
import io.loyaltydesk.rules.Basket;
import io.loyaltydesk.rules.MemberFacts;
import io.loyaltydesk.rules.RuleDefinition;
import io.loyaltydesk.rules.RuleDefinition.EffectType;
import io.loyaltydesk.rules.RuleDefinition.RuleKind;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.util.List;
import java.util.Set;

/**
 * One version of a rule made ready for evaluation: its CEL compiled, its window, days, hours and stores turned
 * into plain comparisons that run before any CEL. Immutable and shared between threads.
 */
public final class CompiledRule {

    final long id;
    final int version;
    final String name;
    final RuleKind kind;
    final int priority;
    final boolean exclusive;
    private final EffectType effect;
    private final long validFromMs;
    private final long validToMs;
    private final int daysMask;
    private final int minuteFrom;
    private final int minuteTo;
    private final Set<String> storeCodes;
    private final Expressions.Predicate condition;
    private final Expressions.Predicate lineFilter;
    private final List<String> categories;
    private final BigDecimal pointsPer;
    private final BigDecimal perAmount;
    private final RoundingMode rounding;
    private final BigDecimal factor;
    private final String factorText;
    private final long fixedPoints;
    private final int visitNumber;
    private final long capPerPurchase;
    private final long capPerDay;
    private final long capPerMonth;
    private final long capLifetime;

    /**
     * @throws Expressions.Invalid when the condition or line filter does not compile (saved rules were checked,
     *         so this means a rule written by hand into the database)
     */
    public CompiledRule(long id, int version, RuleDefinition rule, Expressions expressions) {
        this.id = id;
        this.version = version;
        this.name = rule.name();
        this.kind = rule.kind();
        this.priority = rule.priority();
        this.exclusive = !rule.stackable();
        var e = rule.effect();
        this.effect = e.type();
        this.validFromMs = rule.validFrom() == null ? Long.MIN_VALUE : rule.validFrom().toEpochMilli();
        this.validToMs = rule.validTo() == null ? Long.MAX_VALUE : rule.validTo().toEpochMilli();
        int mask = 0;
        for (DayOfWeek day : rule.daysOfWeek()) {
            mask |= 1 << day.getValue();
        }
        this.daysMask = mask;
        this.minuteFrom = rule.hours() == null ? -1 : rule.hours().from().toSecondOfDay() / 60;
        this.minuteTo = rule.hours() == null ? -1 : rule.hours().to().toSecondOfDay() / 60;
        this.storeCodes = rule.storeCodes().isEmpty() ? null : Set.copyOf(rule.storeCodes());
        this.condition = rule.condition() == null || rule.condition().isBlank() ? null
                : expressions.compile(rule.condition(), Expressions.Target.CONDITION);
        this.lineFilter = e.lineFilter() == null || e.lineFilter().isBlank() ? null
                : expressions.compile(e.lineFilter(), Expressions.Target.LINE_FILTER);
        this.categories = e.categories();
        this.pointsPer = e.pointsPer();
        this.perAmount = e.perAmount();
        this.rounding = switch (e.rounding() == null ? RuleDefinition.Rounding.FLOOR : e.rounding()) {
            case FLOOR -> RoundingMode.FLOOR;
            case HALF_UP -> RoundingMode.HALF_UP;
            case CEILING -> RoundingMode.CEILING;
        };
        this.factor = e.factor();
        this.factorText = factor == null ? null : name + ": " + factor.stripTrailingZeros().toPlainString() + "x ";
        this.fixedPoints = e.points() == null ? 0 : e.points();
        this.visitNumber = rule.visitNumber() == null ? 0 : rule.visitNumber();
        var caps = rule.caps();
        this.capPerPurchase = orMax(caps.perPurchase());
        this.capPerDay = orMax(caps.perMemberPerDay());
        this.capPerMonth = orMax(caps.perMemberPerMonth());
        this.capLifetime = orMax(caps.perMemberLifetime());
    }

    public long id() {
        return id;
    }

    public int version() {
        return version;
    }

    /** Whether the rule reads the member fact {@code field} (through its kind, its condition or its line filter). */
    boolean reads(String field) {
        return switch (field) {
            case "purchasesBefore" -> kind == RuleKind.FIRST_PURCHASE || kind == RuleKind.NTH_VISIT
                    || mentions(condition, field) || mentions(lineFilter, field);
            default -> mentions(condition, field) || mentions(lineFilter, field);
        };
    }

    /** Whether the rule has a cap that depends on what it already gave the member. */
    boolean needsUsage() {
        return capPerDay != Long.MAX_VALUE || capPerMonth != Long.MAX_VALUE || capLifetime != Long.MAX_VALUE;
    }

    private static boolean mentions(Expressions.Predicate expression, String memberField) {
        if (expression == null) {
            return false;
        }
        var names = expression.variables();
        return names == null || names.contains("member") || names.contains("member." + memberField);
    }

    boolean isBase() {
        return kind == RuleKind.BASE_RATE;
    }

    /** Whether the rule applies to this purchase; cheap checks first, CEL last. */
    boolean matches(Facts facts) throws CelEvaluationException {
        long at = facts.basket.occurredAt().toEpochMilli();
        if (at < validFromMs || at >= validToMs) {
            return false;
        }
        if (daysMask != 0 && (daysMask & (1 << facts.localTime.getDayOfWeek().getValue())) == 0) {
            return false;
        }
        if (minuteFrom >= 0 && !withinHours(facts.minuteOfDay)) {
            return false;
        }
        if (storeCodes != null && (facts.basket.storeCode() == null || !storeCodes.contains(facts.basket.storeCode()))) {
            return false;
        }
        if (!kindApplies(facts.member, facts)) {
            return false;
        }
        return condition == null || condition.test(facts);
    }

    private boolean withinHours(int minute) {
        return minuteFrom <= minuteTo
                ? minute >= minuteFrom && minute < minuteTo
                : minute >= minuteFrom || minute < minuteTo; // spans midnight
    }

    private boolean kindApplies(MemberFacts member, Facts facts) {
        return switch (kind) {
            case FIRST_PURCHASE -> member.purchasesBefore() == 0;
            case NTH_VISIT -> visitNumber > 0 && (member.purchasesBefore() + 1) % visitNumber == 0;
            case BIRTHDAY_MONTH -> member.birthDate() != null
                    && member.birthDate().getMonthValue() == facts.localTime.getMonthValue();
            case BASE_RATE, CATEGORY_BONUS, CUSTOM -> true;
        };
    }

    /** The award of a matching rule, capped; null when it comes to no points. */
    Award award(Facts facts, long basePoints) throws CelEvaluationException {
        var currency = facts.basket.currency();
        long points;
        String explanation;
        switch (effect) {
            case PER_AMOUNT -> {
                var amount = facts.basket.total();
                points = rate(amount);
                explanation = rateText(currency) + money(amount, currency) + " -> " + points(points);
            }
            case PER_LINE -> {
                var amount = matchingAmount(facts);
                if (amount.signum() == 0) {
                    return null;
                }
                points = rate(amount);
                explanation = name + ": " + money(amount, currency) + " -> " + points(points);
            }
            case MULTIPLIER -> {
                points = BigDecimal.valueOf(basePoints).multiply(factor.subtract(BigDecimal.ONE))
                        .setScale(0, rounding).longValueExact();
                explanation = factorText + basePoints + " base "
                        + (basePoints == 1 ? "point" : "points") + " -> " + points + " extra "
                        + (points == 1 ? "point" : "points");
            }
            case FIXED -> {
                points = fixedPoints;
                explanation = name + ": " + points(points);
            }
            default -> throw new IllegalStateException(effect.name());
        }
        var usage = facts.member.usage(id);
        long room = capPerPurchase;
        String cap = "per-purchase";
        if (capPerDay - usage.today() < room) {
            room = capPerDay - usage.today();
            cap = "daily";
        }
        if (capPerMonth - usage.thisMonth() < room) {
            room = capPerMonth - usage.thisMonth();
            cap = "monthly";
        }
        if (capLifetime - usage.lifetime() < room) {
            room = capLifetime - usage.lifetime();
            cap = "lifetime";
        }
        if (points > room) {
            long capped = Math.max(room, 0);
            explanation += ", capped to " + points(capped) + " by the " + cap + " cap";
            points = capped;
        }
        return points <= 0 ? null : new Award(id, version, name, points, explanation);
    }

    /** "name 1 point per 1.00 EUR: ", kept for the last currency asked for (almost always the only one). */
    private String rateText(String currency) {
        var last = lastRateText;
        if (last != null && java.util.Objects.equals(last[0], currency)) {
            return last[1];
        }
        var text = name + " " + points(pointsPer) + " per " + money(perAmount, currency) + ": ";
        lastRateText = new String[] {currency, text};
        return text;
    }

    private volatile String[] lastRateText;

    private long rate(BigDecimal amount) {
        return amount.multiply(pointsPer).divide(perAmount, MathContext.DECIMAL64).setScale(0, rounding)
                .longValueExact();
    }

    private BigDecimal matchingAmount(Facts facts) throws CelEvaluationException {
        var lines = facts.basket.lines();
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < lines.size(); i++) {
            Basket.Line line = lines.get(i);
            if (line.amount() == null || !inCategories(line)) {
                continue;
            }
            if (lineFilter != null && !lineFilter.test(facts.line(i))) {
                continue;
            }
            sum = sum.add(line.amount());
        }
        return sum;
    }

    private boolean inCategories(Basket.Line line) {
        if (categories.isEmpty()) {
            return true;
        }
        if (line.category() == null) {
            return false;
        }
        for (String category : categories) {
            if (category.equalsIgnoreCase(line.category())) {
                return true;
            }
        }
        return false;
    }

    static String money(BigDecimal amount, String currency) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString() + (currency == null ? "" : " " + currency);
    }

    private static String points(BigDecimal count) {
        var text = count.stripTrailingZeros().toPlainString();
        return text + (count.compareTo(BigDecimal.ONE) == 0 ? " point" : " points");
    }

    private static String points(long count) {
        return count + (count == 1 ? " point" : " points");
    }

    private static long orMax(Long cap) {
        return cap == null ? Long.MAX_VALUE : cap;
    }
}
