package io.loyaltydesk.rules;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

/**
 * One version of an earning rule as a program manager writes it. Saving a changed definition makes a new
 * version; points already earned keep naming the version that gave them.
 *
 * @param kind a built-in kind adds its own condition (first purchase, birthday month, Nth visit) or shapes the
 *        effect (base rate, category bonus); CUSTOM relies on {@code condition} alone
 * @param condition CEL over {@code purchase}, {@code lines}, {@code member} and {@code now}; null = always
 * @param visitNumber the n of NTH_VISIT: every n-th purchase of a member earns the bonus
 * @param validFrom first instant the rule applies (inclusive), null = no start
 * @param validTo end of the rule (exclusive), null = no end
 * @param daysOfWeek days the rule applies on, empty = every day
 * @param hours the time of day the rule applies, null = all day
 * @param storeCodes stores the rule applies in, empty = everywhere (also online)
 * @param priority higher runs first; among exclusive rules only the highest-priority one that earns applies
 * @param stackable false = exclusive; absent = stackable
 */
public record RuleDefinition(String name, String description, RuleKind kind, String condition, Effect effect,
        Integer visitNumber, Instant validFrom, Instant validTo, Set<DayOfWeek> daysOfWeek, Hours hours,
        List<String> storeCodes, Integer priority, Boolean stackable, Caps caps) {

    public RuleDefinition {
        daysOfWeek = daysOfWeek == null ? Set.of() : Set.copyOf(daysOfWeek);
        storeCodes = storeCodes == null ? List.of() : List.copyOf(storeCodes);
        caps = caps == null ? Caps.NONE : caps;
        priority = priority == null ? 0 : priority;
        stackable = stackable == null || stackable;
    }

    /** The built-in kinds. Base-rate rules run first; their points are what MULTIPLIER effects multiply. */
    public enum RuleKind {
        BASE_RATE, CATEGORY_BONUS, FIRST_PURCHASE, BIRTHDAY_MONTH, NTH_VISIT, CUSTOM
    }

    public enum EffectType {
        /** {@code pointsPer} points per {@code perAmount} of the purchase total. */
        PER_AMOUNT,
        /** {@code pointsPer} points per {@code perAmount} of the lines in {@code categories} and/or {@code lineFilter}. */
        PER_LINE,
        /** The base points times {@code factor}, of which this rule gives the part above 1x. */
        MULTIPLIER,
        /** A fixed number of {@code points}. */
        FIXED
    }

    /** How fractional points are turned into whole points. */
    public enum Rounding {
        FLOOR, HALF_UP, CEILING
    }

    /**
     * What the rule gives. Fields not used by {@code type} stay null.
     *
     * @param lineFilter CEL over {@code line} (and {@code purchase}, {@code member}, {@code now}) for PER_LINE
     */
    public record Effect(EffectType type, BigDecimal pointsPer, BigDecimal perAmount, Rounding rounding,
            List<String> categories, String lineFilter, BigDecimal factor, Long points) {

        public Effect {
            categories = categories == null ? List.of() : List.copyOf(categories);
        }

        public static Effect perAmount(String pointsPer, String perAmount, Rounding rounding) {
            return new Effect(EffectType.PER_AMOUNT, new BigDecimal(pointsPer), new BigDecimal(perAmount), rounding,
                    null, null, null, null);
        }

        public static Effect perLine(String pointsPer, String perAmount, Rounding rounding, List<String> categories,
                String lineFilter) {
            return new Effect(EffectType.PER_LINE, new BigDecimal(pointsPer), new BigDecimal(perAmount), rounding,
                    categories, lineFilter, null, null);
        }

        public static Effect multiplier(String factor, Rounding rounding) {
            return new Effect(EffectType.MULTIPLIER, null, null, rounding, null, null, new BigDecimal(factor), null);
        }

        public static Effect fixed(long points) {
            return new Effect(EffectType.FIXED, null, null, null, null, null, null, points);
        }
    }

    /** Time of day in the program's zone; {@code from} after {@code to} spans midnight. */
    public record Hours(LocalTime from, LocalTime to) {
    }

    /** Most points the rule gives per purchase and per member per day, month and ever; null = no cap. */
    public record Caps(Long perPurchase, Long perMemberPerDay, Long perMemberPerMonth, Long perMemberLifetime) {

        public static final Caps NONE = new Caps(null, null, null, null);
    }
}
