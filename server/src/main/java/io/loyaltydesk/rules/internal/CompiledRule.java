package io.loyaltydesk.rules.internal;

import dev.cel.runtime.CelEvaluationException;
import io.loyaltydesk.rules.Award;
import io.loyaltydesk.rules.Basket;
import io.loyaltydesk.rules.MemberFacts;
import io.loyaltydesk.rules.RuleDefinition;
import io.loyaltydesk.rules.RuleDefinition.EffectType;
import io.loyaltydesk.rules.RuleDefinition.RuleKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.util.Set;
import java.util.function.Supplier;

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
    /** An array, not a list: looped over for every line of every purchase. */
    private final String[] categories;
    private final BigDecimal pointsPer;
    private final BigDecimal perAmount;
    /** Points per amount, or the extra points of a multiplier; null for fixed points. */
    private final PointsFormula formula;
    /** "name: " */
    private final String nameText;
    /** "name: 1.5x " */
    private final String factorText;
    private final long fixedPoints;
    /** "name: 50 points" */
    private final String fixedText;
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
        this.categories = e.categories().toArray(String[]::new);
        this.pointsPer = e.pointsPer();
        this.perAmount = e.perAmount();
        var rounding = switch (e.rounding() == null ? RuleDefinition.Rounding.FLOOR : e.rounding()) {
            case FLOOR -> RoundingMode.FLOOR;
            case HALF_UP -> RoundingMode.HALF_UP;
            case CEILING -> RoundingMode.CEILING;
        };
        // a rule missing its numbers (written by hand into the database) fails when it is evaluated, as it always did
        this.formula = switch (effect) {
            case PER_AMOUNT, PER_LINE -> pointsPer == null || perAmount == null ? null
                    : PointsFormula.perAmount(pointsPer, perAmount, rounding);
            case MULTIPLIER -> e.factor() == null ? null : PointsFormula.multiplier(e.factor(), rounding);
            case FIXED -> null;
        };
        this.nameText = name + ": ";
        this.factorText = e.factor() == null ? null : nameText + e.factor().stripTrailingZeros().toPlainString() + "x ";
        this.fixedPoints = e.points() == null ? 0 : e.points();
        this.fixedText = nameText + points(fixedPoints);
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
        long at = facts.epochMilli;
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

    /**
     * The award of a matching rule, capped; null when it comes to no points. Money with at most two decimals is
     * counted in minor units ({@link PointsFormula}), other amounts as decimals. The explanation is written when
     * the award's explanation is read, from the values of this evaluation.
     */
    Award award(Facts facts, long basePoints) throws CelEvaluationException {
        long minor = Facts.NOT_IN_MINOR_UNITS;
        BigDecimal amount = null;
        long points;
        switch (effect) {
            case PER_AMOUNT -> {
                minor = facts.totalMinorUnits;
                amount = minor == Facts.NOT_IN_MINOR_UNITS ? facts.basket.total() : null;
                points = amount == null ? formula.points(minor) : formula.points(amount);
            }
            case PER_LINE -> {
                minor = matchingMinorUnits(facts);
                amount = minor == Facts.NOT_IN_MINOR_UNITS ? matchingAmount(facts) : null;
                if (amount == null ? minor == 0 : amount.signum() == 0) {
                    return null;
                }
                points = amount == null ? formula.points(minor) : formula.points(amount);
            }
            case MULTIPLIER -> points = formula.points(basePoints);
            case FIXED -> points = fixedPoints;
            default -> throw new IllegalStateException(effect.name());
        }
        long capped = points;
        String cap = null;
        if (capPerPurchase != Long.MAX_VALUE || needsUsage()) {
            var usage = facts.member.usage(id);
            long room = capPerPurchase;
            String tightest = "per-purchase";
            if (capPerDay - usage.today() < room) {
                room = capPerDay - usage.today();
                tightest = "daily";
            }
            if (capPerMonth - usage.thisMonth() < room) {
                room = capPerMonth - usage.thisMonth();
                tightest = "monthly";
            }
            if (capLifetime - usage.lifetime() < room) {
                room = capLifetime - usage.lifetime();
                tightest = "lifetime";
            }
            if (points > room) {
                capped = Math.max(room, 0);
                cap = tightest;
            }
        }
        if (capped <= 0) {
            return null;
        }
        if (effect == EffectType.FIXED && cap == null) {
            return new Award(id, version, name, capped, fixedText);
        }
        return Award.explainedWhenRead(id, version, name, capped,
                new Explanation(facts.basket.currency(), minor, amount, basePoints, points, capped, cap));
    }

    /** An award's explanation, written from the values of its evaluation when it is read. */
    private final class Explanation implements Supplier<String> {

        private final String currency;
        private final long minorUnits;
        private final BigDecimal amount;
        private final long basePoints;
        private final long points;
        private final long capped;
        private final String cap;

        Explanation(String currency, long minorUnits, BigDecimal amount, long basePoints, long points, long capped,
                String cap) {
            this.currency = currency;
            this.minorUnits = minorUnits;
            this.amount = amount;
            this.basePoints = basePoints;
            this.points = points;
            this.capped = capped;
            this.cap = cap;
        }

        /** "Base rate 1 point per 1.00 EUR: 250.00 EUR -> 250 points, capped to 100 points by the per-purchase cap" */
        @Override
        public String get() {
            var text = switch (effect) {
                case PER_AMOUNT -> amountExplanation(texts(currency).rate, minorUnits, amount, currency, points);
                case PER_LINE -> amountExplanation(nameText, minorUnits, amount, currency, points);
                case MULTIPLIER -> factorText + basePoints + " base " + (basePoints == 1 ? "point" : "points")
                        + " -> " + points + " extra " + (points == 1 ? "point" : "points");
                case FIXED -> fixedText;
            };
            return cap == null ? text : text + ", capped to " + points(capped) + " by the " + cap + " cap";
        }
    }

    /**
     * "{prefix}23.50 EUR -> 23 points" for an amount in minor units, or for {@code amount} when it is not null
     * (then as {@link #money(BigDecimal, String)} writes it, which the minor units are written like).
     */
    private String amountExplanation(String prefix, long minorUnits, BigDecimal amount, String currency, long points) {
        if (amount != null || minorUnits < 0) {
            var decimal = amount != null ? amount : BigDecimal.valueOf(minorUnits, 2);
            return prefix + money(decimal, currency) + " -> " + points(points);
        }
        long cents = minorUnits % 100;
        return prefix + minorUnits / 100 + (cents < 10 ? ".0" : ".") + cents + texts(currency).suffix + " -> " + points
                + (points == 1 ? " point" : " points");
    }

    /**
     * The texts that depend on the currency: " EUR" after an amount, and a rate's "name 1 point per 1.00 EUR: ".
     */
    private record CurrencyTexts(String currency, String suffix, String rate) {
    }

    /** Kept for the last currency asked for: almost always the only one. */
    private volatile CurrencyTexts currencyTexts;

    private CurrencyTexts texts(String currency) {
        var texts = currencyTexts;
        if (texts == null || !java.util.Objects.equals(texts.currency, currency)) {
            texts = new CurrencyTexts(currency, currency == null ? "" : " " + currency,
                    pointsPer == null || perAmount == null ? null
                            : name + " " + points(pointsPer) + " per " + money(perAmount, currency) + ": ");
            currencyTexts = texts;
        }
        return texts;
    }

    /** Whether a line's amount counts for a per-line effect: in the categories and through the line filter. */
    private boolean counts(Facts facts, int index) throws CelEvaluationException {
        var line = facts.basket.lines().get(index);
        return line.amount() != null && inCategories(line)
                && (lineFilter == null || lineFilter.test(facts.line(index)));
    }

    /** The sum of the counted lines in minor units, or NOT_IN_MINOR_UNITS when one of them is not (or it overflows). */
    private long matchingMinorUnits(Facts facts) throws CelEvaluationException {
        long sum = 0;
        for (int i = 0; i < facts.basket.lines().size(); i++) {
            if (counts(facts, i)) {
                long amount = facts.lineMinorUnits(i);
                if (amount == Facts.NOT_IN_MINOR_UNITS) {
                    return Facts.NOT_IN_MINOR_UNITS;
                }
                sum += amount;
                if (Math.abs(sum) >= Facts.MINOR_UNITS_MAX) {
                    return Facts.NOT_IN_MINOR_UNITS;
                }
            }
        }
        return sum;
    }

    /** The sum of the counted lines as a decimal. */
    private BigDecimal matchingAmount(Facts facts) throws CelEvaluationException {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < facts.basket.lines().size(); i++) {
            if (counts(facts, i)) {
                sum = sum.add(facts.basket.lines().get(i).amount());
            }
        }
        return sum;
    }

    private boolean inCategories(Basket.Line line) {
        if (categories.length == 0) {
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

    static String points(long count) {
        return count + (count == 1 ? " point" : " points");
    }

    private static long orMax(Long cap) {
        return cap == null ? Long.MAX_VALUE : cap;
    }
}
