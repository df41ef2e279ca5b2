package io.loyaltydesk.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.rules.Basket;
import io.loyaltydesk.rules.MemberFacts;
import io.loyaltydesk.rules.RuleDefinition;
import io.loyaltydesk.rules.RuleDefinition.Caps;
import io.loyaltydesk.rules.RuleDefinition.Effect;
import io.loyaltydesk.rules.RuleDefinition.Rounding;
import io.loyaltydesk.rules.RuleDefinition.RuleKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Awards counted in minor units are the awards counted in decimals: the same purchase once with its amounts in two
 * decimals (counted in minor units) and once in three (23.500: counted as decimals, the way every amount was
 * before) earns the same points with the same explanations, for every kind of effect, rounding and cap.
 */
class MinorUnitAwardsTest {

    static final Expressions EXPRESSIONS = new Expressions();
    static final List<String> CATEGORIES = List.of("COFFEE", "BAKERY", "WINE");
    static final RuleBook BOOK = book();

    @Property(tries = 500)
    void awardsInMinorUnitsAreTheAwardsInDecimals(@ForAll long seed) {
        var random = new SplittableRandom(seed);
        var basket = basket(random);
        var member = member(random);

        var inMinorUnits = BOOK.evaluate(basket, member);
        var inDecimals = BOOK.evaluate(withThreeDecimals(basket), member);

        assertThat(inMinorUnits.awards()).isEqualTo(inDecimals.awards());
    }

    @Test
    void theExplanationsReadAsBefore() {
        var basket = new Basket("P-1", "S1", "POS", Instant.parse("2026-03-04T10:00:00Z"), "EUR",
                new BigDecimal("20.05"), List.of(line("COFFEE", "7.05"), line("WINE", "13.00")));

        var awards = BOOK.evaluate(basket, new MemberFacts(42, "GOLD", 3, null, null, Map.of())).awards();

        assertThat(awards).extracting(award -> award.explanation()).contains(
                "Base 1 point per 1.00 EUR: 20.05 EUR -> 20 points",
                "Coffee: 7.05 EUR -> 14 points",
                "Thirds 1 point per 0.33 EUR: 20.05 EUR -> 61 points",
                "Fixed: 7 points");
    }

    private static RuleBook book() {
        var rules = new ArrayList<CompiledRule>();
        var definitions = List.of(
                rule("Base", RuleKind.BASE_RATE, null, Effect.perAmount("1", "1.00", Rounding.FLOOR), null),
                rule("Round tens", RuleKind.CUSTOM, "true", Effect.perAmount("0.5", "10", Rounding.HALF_UP), null),
                rule("Sevens", RuleKind.CUSTOM, null, Effect.perAmount("3", "7", Rounding.CEILING), null),
                // a 16-digit divisor: the whole number is decided in decimals
                rule("Thirds", RuleKind.CUSTOM, null,
                        Effect.perAmount("1", "0.3333333333333333", Rounding.CEILING), null),
                rule("Coffee", RuleKind.CATEGORY_BONUS, null,
                        Effect.perLine("2", "1", Rounding.FLOOR, List.of("coffee"), null), null),
                rule("Big lines", RuleKind.CUSTOM, null,
                        Effect.perLine("1", "2.5", Rounding.HALF_UP, null, "line.amount >= 3.0"), null),
                rule("Wine, capped", RuleKind.CATEGORY_BONUS, null,
                        Effect.perLine("5", "1", Rounding.CEILING, List.of("WINE"), null),
                        new Caps(60L, 100L, 500L, 2000L)),
                rule("One and a half", RuleKind.CUSTOM, "purchase.total > 10.0",
                        Effect.multiplier("1.5", Rounding.FLOOR), null),
                rule("A quarter more", RuleKind.CUSTOM, null, Effect.multiplier("1.25", Rounding.HALF_UP), null),
                rule("Odd factor", RuleKind.CUSTOM, null, Effect.multiplier("2.333", Rounding.CEILING), null),
                rule("Fixed", RuleKind.CUSTOM, "lines.exists(l, l.amount > 5.0)", Effect.fixed(7),
                        new Caps(null, 10L, null, null)));
        long id = 1;
        for (var definition : definitions) {
            rules.add(new CompiledRule(id++, 1, definition, EXPRESSIONS));
        }
        return new RuleBook(rules, ZoneId.of("Europe/Berlin"));
    }

    private static RuleDefinition rule(String name, RuleKind kind, String condition, Effect effect, Caps caps) {
        return new RuleDefinition(name, null, kind, condition, effect, null, null, null, null, null, null, 0, true,
                caps);
    }

    private static Basket basket(SplittableRandom random) {
        int count = random.nextInt(5);
        var lines = new ArrayList<Basket.Line>();
        long total = 0;
        for (int i = 0; i < count; i++) {
            // cents, sometimes none, sometimes a return (negative), now and then a large amount
            long cents = switch (random.nextInt(10)) {
                case 0 -> 0;
                case 1 -> -random.nextLong(5_000);
                case 2 -> random.nextLong(1_000_000_000L);
                default -> random.nextLong(5_000);
            };
            total += cents;
            lines.add(new Basket.Line("SKU-" + i, CATEGORIES.get(random.nextInt(CATEGORIES.size())), BigDecimal.ONE,
                    BigDecimal.valueOf(cents, 2), BigDecimal.valueOf(cents, 2)));
        }
        var currency = switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> "USD";
            default -> "EUR";
        };
        return new Basket("P-1", "S1", "POS", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextLong(
                365L * 86_400)), currency, BigDecimal.valueOf(total, 2), List.copyOf(lines));
    }

    private static Basket withThreeDecimals(Basket basket) {
        var lines = basket.lines().stream().map(l -> new Basket.Line(l.sku(), l.category(), l.quantity(),
                l.unitPrice().setScale(3), l.amount().setScale(3))).toList();
        return new Basket(basket.externalId(), basket.storeCode(), basket.channel(), basket.occurredAt(),
                basket.currency(), basket.total().setScale(3), lines);
    }

    private static Basket.Line line(String category, String amount) {
        return new Basket.Line("A", category, BigDecimal.ONE, new BigDecimal(amount), new BigDecimal(amount));
    }

    private static MemberFacts member(SplittableRandom random) {
        var usage = new MemberFacts.RuleUsage(random.nextLong(120), random.nextLong(600), random.nextLong(2500));
        return new MemberFacts(42, "GOLD", random.nextInt(10), null, LocalDate.of(2024, 1, 1),
                Map.of(7L, usage, 11L, new MemberFacts.RuleUsage(random.nextLong(12), 0, 0)));
    }
}
