package io.loyaltydesk.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.rules.Basket;
import io.loyaltydesk.rules.MemberFacts;
import io.loyaltydesk.rules.internal.Expressions.Target;
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
 * The plain Java evaluation of the common expression shapes ({@link PlainJava}) answers exactly as CEL does:
 * the same true or false, or an error where CEL has one, for random purchases and members (missing tiers,
 * birthdays and categories included), and the common shapes really run as plain Java.
 */
class ExpressionEquivalenceTest {

    static final Expressions EXPRESSIONS = new Expressions();
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final List<String> CATEGORIES = List.of("COFFEE", "BAKERY", "WINE", "DAIRY", "FRUIT");

    /** Conditions: the shapes of the benchmark's rules and the console's examples, and some that need CEL. */
    static final List<String> CONDITIONS = List.of(
            "purchase.total >= 20.0 && member.tier == 'GOLD'",
            "purchase.total >= 50",
            "now.dayOfWeek >= 6",
            "lines.exists(l, l.category == 'WINE' && l.amount >= 20)",
            "lines.all(l, l.amount > 1.5)",
            "purchase.lineCount >= 3",
            "purchase.channel == 'ONLINE'",
            "member.purchasesBefore >= 5 && purchase.total >= 30",
            "member.tier == 'GOLD' || member.purchasesBefore > 6",
            "member.tier in ['GOLD', 'PLATINUM']",
            "!(member.tier in ['GOLD', 'PLATINUM'])",
            "member.tier != null && member.tier != 'SILVER'",
            "member.birthMonth == now.month",
            "member.birthMonth == 3 || member.birthDay > 20",
            "now.hour < 10 || now.dayOfWeek == 7 || (purchase.total > 25.5 && member.enrolledDays > 365)",
            "purchase.storeCode == 'S1' && purchase.currency == 'EUR'",
            "size(lines) > 3",
            "size(lines.filter(l, l.category == 'DAIRY')) >= 2",
            "purchase.total * 2.0 > 40.0",
            "has(member.tier) && member.tier == 'GOLD'",
            "member.tier > 'A'",
            "purchase.total > member.tier",
            "member.birthMonth > 6",
            "lines.exists(l, l.category == 'WINE') && lines.exists(l, l.category == 'COFFEE')",
            "lines.exists(line, line.sku == 'SKU-1')",
            "lines.exists(member, member.category == 'FRUIT')",
            "size(lines.filter(l, l.amount > 10.0 && l.category != null)) == size(lines)",
            "lines.filter(l, l.category == 'WINE').exists(w, w.amount > 5.0)",
            "purchase['total'] >= 20.0",
            "member.id == 42",
            "member.purchasesBefore == 3.0 && now.hour < 12.5",
            "purchase.externalId == 'R-1' || false",
            // zero, -0.0 and ints against doubles: CEL orders an int against a double with Double.compare
            "member.purchasesBefore == -0.0",
            "member.purchasesBefore > -0.0",
            "purchase.lineCount in [-0.0, 2]",
            "purchase.lineCount != 0.0 && purchase.total >= -0.0",
            // mixed types, strings, other macros, nested and shadowing loop variables, errors inside all()
            "member.tier in ['GOLD', 1]",
            "member.tier != 1",
            "size(member.tier) > 3",
            "lines.exists_one(l, l.category == 'WINE')",
            "lines.map(l, l.amount).exists(a, a > 10.0)",
            "lines.exists(l, lines.exists(l, l.category == 'WINE'))",
            "lines.all(l, l.category > 'A')",
            "lines.all(l, l.amount >= 0.0)",
            // the plain path reads lines as objects, not maps: fields they lack, and comparing them, are CEL's
            "lines.exists(l, l.colour == 'RED')",
            "lines.exists(l, l.colour > 1.0)",
            "lines.exists(l, l == l)",
            "lines.exists(l, [l] == [l])",
            "lines.exists(l, l in lines)",
            "lines.filter(l, l.amount > 5.0).all(l, l.sku != 'SKU-1' && l.quantity < 3.0)");

    static final List<String> LINE_FILTERS = List.of(
            "line.category == 'COFFEE' && line.unitPrice >= 3",
            "line.quantity >= 2",
            "line.category in ['WINE', 'DAIRY'] || line.amount > 20.0",
            "line.category == null",
            "line.sku != 'SKU-7' && purchase.total > 10",
            "line.colour == 'RED'",
            "line == line && line.unitPrice > 1.0",
            "size(lines) > 2 && line.quantity >= 2");

    /** Shapes that must run as plain Java (the others may need CEL). */
    static final List<String> PLAIN = List.of(
            "purchase.total >= 20.0 && member.tier == 'GOLD'",
            "lines.exists(l, l.category == 'WINE' && l.amount >= 20)",
            "member.tier in ['GOLD', 'PLATINUM']",
            "now.hour < 10 || now.dayOfWeek == 7 || (purchase.total > 25.5 && member.enrolledDays > 365)",
            "size(lines) > 3",
            "size(lines.filter(l, l.category == 'DAIRY')) >= 2");

    @Test
    void theCommonShapesRunAsPlainJava() {
        for (var expression : PLAIN) {
            assertThat(EXPRESSIONS.runsAsPlainJava(expression, Target.CONDITION)).as(expression).isTrue();
        }
        assertThat(EXPRESSIONS.runsAsPlainJava("line.category == 'COFFEE' && line.unitPrice >= 3",
                Target.LINE_FILTER)).isTrue();
        assertThat(EXPRESSIONS.runsAsPlainJava("purchase.total * 2.0 > 40.0", Target.CONDITION)).isFalse();
        assertThat(EXPRESSIONS.runsAsPlainJava("has(member.tier)", Target.CONDITION)).isFalse();
    }

    @Test
    void theFactsHoldTheValuesAndTypesCelReads() {
        var basket = new Basket("R-1", null, "ONLINE", Instant.parse("2026-03-02T09:15:00Z"), "EUR",
                new BigDecimal("12.50"), List.of(new Basket.Line("A", null, null, new BigDecimal("2.50"),
                        new BigDecimal("12.50"))));
        var facts = new Facts(basket, new MemberFacts(7, null, 0, null, null, Map.of()), ZONE);
        var all = facts.variables();

        assertThat(all.get("purchase.total")).isEqualTo(12.5);
        assertThat(all.get("purchase.lineCount")).isEqualTo(1L);
        assertThat(all.get("purchase.storeCode")).isEqualTo(dev.cel.common.values.NullValue.NULL_VALUE);
        assertThat(all.get("member.id")).isEqualTo(7L);
        assertThat(all.get("member.tier")).isEqualTo(dev.cel.common.values.NullValue.NULL_VALUE);
        assertThat(all.get("member.purchasesBefore")).isEqualTo(0L);
        assertThat(all.get("member.birthMonth")).isEqualTo(dev.cel.common.values.NullValue.NULL_VALUE);
        assertThat(all.get("member.enrolledDays")).isEqualTo(0L);
        assertThat(all.get("now.hour")).isEqualTo(10L); // Berlin, winter time
        assertThat(all.get("now.dayOfWeek")).isEqualTo(1L);
        assertThat(((Map<?, ?>) all.get("member")).get("tier")).isEqualTo(dev.cel.common.values.NullValue.NULL_VALUE);
        var line = facts.lines().getFirst();
        assertThat(line).containsEntry("quantity", 0.0).containsEntry("unitPrice", 2.5).containsEntry("amount", 12.5)
                .containsEntry("category", dev.cel.common.values.NullValue.NULL_VALUE);
        assertThat(((PlainJava.Values) facts.line(0)).value("line.amount")).isEqualTo(12.5);
        assertThat(((PlainJava.Values) facts.line(0)).value("purchase.total")).isEqualTo(12.5);
        var plainLine = ((List<?>) facts.value("lines")).getFirst();
        assertThat(((PlainJava.Fields) plainLine).field("amount")).isEqualTo(12.5);
        assertThat(((PlainJava.Fields) plainLine).field("category")).isEqualTo(dev.cel.common.values.NullValue.NULL_VALUE);
        assertThat(((PlainJava.Fields) plainLine).field("colour")).isNull();
    }

    @Property(tries = 300)
    void plainJavaAnswersAsCelDoes(@ForAll long seed) {
        var random = new SplittableRandom(seed);
        var facts = new Facts(basket(random), member(random), ZONE);
        for (var expression : CONDITIONS) {
            assertThat(outcome(expression, Target.CONDITION, true, facts))
                    .as(expression).isEqualTo(outcome(expression, Target.CONDITION, false, facts));
        }
        for (var expression : LINE_FILTERS) {
            for (int i = 0; i < facts.basket.lines().size(); i++) {
                var line = facts.line(i);
                assertThat(outcome(expression, Target.LINE_FILTER, true, line))
                        .as(expression).isEqualTo(outcome(expression, Target.LINE_FILTER, false, line));
            }
        }
    }

    /** Each expression compiled once with plain Java and once for CEL alone. */
    static final Map<String, Expressions.Predicate> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

    /** true, false, or the kind of error. */
    private static String outcome(String expression, Target target, boolean plainJava,
            dev.cel.runtime.CelVariableResolver facts) {
        var predicate = COMPILED.computeIfAbsent(target + " " + plainJava + " " + expression,
                key -> EXPRESSIONS.compile(expression, target, plainJava));
        try {
            return String.valueOf(predicate.test(facts));
        } catch (Exception e) {
            return "error " + e.getClass().getSimpleName();
        }
    }

    private static Basket basket(SplittableRandom random) {
        int count = random.nextInt(6); // an empty basket too: all() over nothing, lineCount 0
        var lines = new ArrayList<Basket.Line>();
        long total = 0;
        for (int i = 0; i < count; i++) {
            long cents = random.nextInt(6) == 0 ? 0 : 50 + random.nextInt(4000);
            int quantity = 1 + random.nextInt(3);
            total += cents * quantity;
            var category = random.nextInt(6) == 0 ? null : CATEGORIES.get(random.nextInt(CATEGORIES.size()));
            lines.add(new Basket.Line("SKU-" + random.nextInt(10), category, BigDecimal.valueOf(quantity),
                    BigDecimal.valueOf(cents, 2), BigDecimal.valueOf(cents * quantity, 2)));
        }
        var store = random.nextInt(4) == 0 ? null : "S" + random.nextInt(3);
        var at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextLong(365L * 86_400));
        return new Basket("R-" + random.nextInt(3), store, store == null ? "ONLINE" : "POS", at,
                random.nextInt(5) == 0 ? "USD" : "EUR", BigDecimal.valueOf(total, 2), List.copyOf(lines));
    }

    private static MemberFacts member(SplittableRandom random) {
        var tiers = new String[] {null, "GOLD", "SILVER", "PLATINUM"};
        return new MemberFacts(random.nextInt(3) == 0 ? 42 : 1 + random.nextInt(1000),
                tiers[random.nextInt(tiers.length)], random.nextInt(12),
                random.nextInt(3) == 0 ? null : LocalDate.of(1960 + random.nextInt(40), 1 + random.nextInt(12),
                        1 + random.nextInt(28)),
                random.nextInt(4) == 0 ? null : LocalDate.of(2020, 1, 1).plusDays(random.nextInt(2500)), Map.of());
    }
}
