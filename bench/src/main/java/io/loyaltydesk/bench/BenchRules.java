package io.loyaltydesk.bench;

import io.loyaltydesk.rules.RuleDefinition;
import io.loyaltydesk.rules.RuleDefinition.Caps;
import io.loyaltydesk.rules.RuleDefinition.Effect;
import io.loyaltydesk.rules.RuleDefinition.Hours;
import io.loyaltydesk.rules.RuleDefinition.RuleKind;
import io.loyaltydesk.rules.RuleDefinition.Rounding;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The rule set of the benchmarks: a realistic program of 50 rules (base rates, category bonuses, multipliers,
 * fixed bonuses, CEL conditions on the purchase, its lines, the member and the time, windows, days, hours,
 * stores, caps, exclusive rules). The HTTP benchmark creates the first 20 through the rules API; the JMH
 * benchmark compiles all 50 with the engine's own classes.
 */
public final class BenchRules {

    /** Categories the generated baskets use; some rules name categories no basket has (they never match). */
    public static final List<String> CATEGORIES = List.of("DAIRY", "BAKERY", "PRODUCE", "WINE", "SNACKS", "FROZEN",
            "MEAT", "DRINKS");

    /** Store codes the fixture creates. */
    public static final List<String> STORES = List.of("BENCH01", "BENCH02", "BENCH03", "BENCH04");

    private BenchRules() {
    }

    public static List<RuleDefinition> rules(int count) {
        var all = all();
        if (count > all.size()) {
            throw new IllegalArgumentException("at most " + all.size() + " rules");
        }
        return all.subList(0, count);
    }

    private static List<RuleDefinition> all() {
        var r = new ArrayList<RuleDefinition>();
        // ---- the first 20: the HTTP benchmark's active rules
        r.add(rule("Base rate: 1 point per euro", RuleKind.BASE_RATE, null,
                Effect.perAmount("1", "1", Rounding.FLOOR)));
        r.add(rule("Dairy double", RuleKind.CATEGORY_BONUS, null,
                Effect.perLine("2", "1", Rounding.FLOOR, List.of("DAIRY"), null)));
        r.add(rule("Fresh food bonus", RuleKind.CATEGORY_BONUS, null,
                Effect.perLine("1", "2", Rounding.HALF_UP, List.of("BAKERY", "PRODUCE"), null)));
        r.add(rule("Big basket", RuleKind.CUSTOM, "purchase.total >= 50", Effect.fixed(25)));
        r.add(rule("Weekend 1.5x", RuleKind.CUSTOM, "now.dayOfWeek >= 6", Effect.multiplier("1.5", Rounding.FLOOR)));
        r.add(rule("Welcome bonus", RuleKind.FIRST_PURCHASE, null, Effect.fixed(100)));
        r.add(rule("Birthday month double", RuleKind.BIRTHDAY_MONTH, null, Effect.multiplier("2", Rounding.FLOOR)));
        r.add(new RuleDefinition("Every 10th visit", null, RuleKind.NTH_VISIT, null, Effect.fixed(50), 10, null,
                null, null, null, null, null, null, null));
        r.add(rule("Good wine", RuleKind.CUSTOM, "lines.exists(l, l.category == 'WINE' && l.amount >= 20)",
                Effect.fixed(30)));
        r.add(rule("Multiples", RuleKind.CUSTOM, "purchase.lineCount >= 3",
                Effect.perLine("1", "1", Rounding.FLOOR, null, "line.quantity >= 2")));
        r.add(rule("New member boost", RuleKind.CUSTOM, "member.enrolledDays < 30",
                Effect.multiplier("1.25", Rounding.HALF_UP)));
        r.add(rule("Online order", RuleKind.CUSTOM, "purchase.channel == 'ONLINE'", Effect.fixed(10)));
        r.add(new RuleDefinition("Happy hour", null, RuleKind.CUSTOM, "purchase.total > 20", Effect.fixed(5), null,
                null, null, null, new Hours(LocalTime.of(17, 0), LocalTime.of(20, 0)), null, null, null, null));
        r.add(new RuleDefinition("Frozen start of week", null, RuleKind.CATEGORY_BONUS, null,
                Effect.perLine("3", "1", Rounding.FLOOR, List.of("FROZEN"), null), null, null, null,
                Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY), null, null, null, null, null));
        r.add(new RuleDefinition("Flagship store snacks", null, RuleKind.CATEGORY_BONUS, null,
                Effect.perLine("2", "1", Rounding.FLOOR, List.of("SNACKS"), null), null, null, null, null, null,
                List.of("BENCH01"), null, null, null));
        r.add(new RuleDefinition("Spring campaign (over)", null, RuleKind.CUSTOM, "purchase.total > 0",
                Effect.fixed(20), null, Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-04-01T00:00:00Z"),
                null, null, null, null, null, null));
        r.add(new RuleDefinition("Regulars 1.1x", null, RuleKind.CUSTOM,
                "member.purchasesBefore >= 5 && purchase.total >= 30", Effect.multiplier("1.1", Rounding.FLOOR),
                null, null, null, null, null, null, 10, false, null));
        r.add(new RuleDefinition("Snack attack (capped)", null, RuleKind.CATEGORY_BONUS, null,
                Effect.perLine("5", "1", Rounding.FLOOR, List.of("SNACKS"), null), null, null, null, null, null, null,
                null, null, new Caps(20L, 100L, null, null)));
        r.add(rule("Round euros", RuleKind.CUSTOM, "lines.all(l, l.amount > 0)",
                Effect.perAmount("0.5", "10", Rounding.HALF_UP)));
        r.add(rule("Dairy lover", RuleKind.CUSTOM, "size(lines.filter(l, l.category == 'DAIRY')) >= 2",
                Effect.fixed(8)));
        // ---- 30 more for the JMH benchmark's 50
        for (int i = 0; i < 30; i++) {
            var category = CATEGORIES.get(i % CATEGORIES.size());
            int threshold = 10 + 5 * i;
            switch (i % 6) {
                case 0 -> r.add(rule("Category week " + i, RuleKind.CATEGORY_BONUS, null,
                        Effect.perLine(Integer.toString(1 + i % 3), "1", Rounding.FLOOR, List.of(category), null)));
                case 1 -> r.add(rule("Spend " + threshold + " get bonus " + i, RuleKind.CUSTOM,
                        "purchase.total >= " + threshold + " && purchase.currency == 'EUR'", Effect.fixed(5 + i)));
                case 2 -> r.add(new RuleDefinition("Tier campaign " + i, null, RuleKind.CUSTOM,
                        "member.tier == 'GOLD' || member.purchasesBefore > " + (i * 3),
                        Effect.multiplier("1." + (1 + i % 9), Rounding.FLOOR), null, null, null, null, null, null,
                        i, i % 4 != 2, null));
                case 3 -> r.add(rule("Line promo " + i, RuleKind.CUSTOM,
                        "lines.exists(l, l.category == '" + category + "')",
                        Effect.perLine("2", "5", Rounding.CEILING, null,
                                "line.category == '" + category + "' && line.unitPrice >= " + (i % 5))));
                case 4 -> r.add(new RuleDefinition("Evening " + category + " " + i, null, RuleKind.CATEGORY_BONUS,
                        null, Effect.perLine("1", "1", Rounding.FLOOR, List.of(category), null), null, null, null,
                        null, new Hours(LocalTime.of(18, 0), LocalTime.of(2, 0)), null, null, null, null));
                default -> r.add(rule("Morning or weekend " + i, RuleKind.CUSTOM,
                        "now.hour < 10 || now.dayOfWeek == 7 || (purchase.total > " + threshold
                                + " && member.enrolledDays > 365)",
                        Effect.fixed(3)));
            }
        }
        return List.copyOf(r);
    }

    private static RuleDefinition rule(String name, RuleKind kind, String condition, Effect effect) {
        return new RuleDefinition(name, null, kind, condition, effect, null, null, null, null, null, null, null,
                null, null);
    }

    /** Money with two decimals from cents. */
    static BigDecimal cents(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }
}
