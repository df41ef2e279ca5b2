package io.loyaltydesk.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loyaltydesk.rules.RuleDefinition.Caps;
import io.loyaltydesk.rules.RuleDefinition.Effect;
import io.loyaltydesk.rules.RuleDefinition.Hours;
import io.loyaltydesk.rules.RuleDefinition.Rounding;
import io.loyaltydesk.rules.RuleDefinition.RuleKind;
import io.loyaltydesk.rules.internal.CompiledRule;
import io.loyaltydesk.rules.internal.Expressions;
import io.loyaltydesk.rules.internal.RuleBook;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The engine without Spring: one compiled book per test, purchases built by hand. */
class RuleEvaluationTest {

    static final Expressions CEL = new Expressions();
    /** A Wednesday, 14:30 UTC. */
    static final Instant WEDNESDAY = Instant.parse("2025-11-12T14:30:00Z");

    final List<CompiledRule> rules = new ArrayList<>();
    long nextId = 1;

    // ---- fixtures

    static RuleDefinition rule(String name, RuleKind kind, String condition, Effect effect) {
        return new RuleDefinition(name, null, kind, condition, effect, null, null, null, null, null, null, 0, true,
                null);
    }

    static RuleDefinition baseRate() {
        return rule("Base rate", RuleKind.BASE_RATE, null, Effect.perAmount("1", "1.00", Rounding.FLOOR));
    }

    long add(RuleDefinition definition) {
        long id = nextId++;
        rules.add(new CompiledRule(id, 1, definition, CEL));
        return id;
    }

    Evaluation evaluate(Basket basket, MemberFacts member) {
        return new RuleBook(rules, ZoneOffset.UTC).evaluate(basket, member);
    }

    Evaluation evaluate(Basket basket) {
        return evaluate(basket, member(3));
    }

    static Basket basket(String total, Basket.Line... lines) {
        return basket(WEDNESDAY, "S1", total, lines);
    }

    static Basket basket(Instant at, String store, String total, Basket.Line... lines) {
        return new Basket("P-1", store, "POS", at, "EUR", new BigDecimal(total), List.of(lines));
    }

    static Basket.Line line(String sku, String category, String amount) {
        return new Basket.Line(sku, category, BigDecimal.ONE, new BigDecimal(amount), new BigDecimal(amount));
    }

    static MemberFacts member(long purchasesBefore) {
        return new MemberFacts(42, "GOLD", purchasesBefore, LocalDate.of(1990, 11, 3), LocalDate.of(2024, 1, 1),
                Map.of());
    }

    static MemberFacts withUsage(long ruleId, MemberFacts.RuleUsage usage) {
        return new MemberFacts(42, "GOLD", 3, null, LocalDate.of(2024, 1, 1), Map.of(ruleId, usage));
    }

    // ---- effects and rounding

    @Test
    void baseRateGivesPointsPerAmountRoundedDownAndExplainsThem() {
        long id = add(baseRate());

        var evaluation = evaluate(basket("23.50"));

        assertThat(evaluation.awards()).singleElement().satisfies(award -> {
            assertThat(award.ruleId()).isEqualTo(id);
            assertThat(award.ruleVersion()).isEqualTo(1);
            assertThat(award.points()).isEqualTo(23);
            assertThat(award.explanation()).isEqualTo("Base rate 1 point per 1.00 EUR: 23.50 EUR -> 23 points");
        });
    }

    @Test
    void roundingModesDecideWhatHappensToFractions() {
        add(rule("Floor", RuleKind.CUSTOM, "true", Effect.perAmount("1", "2.00", Rounding.FLOOR)));
        add(rule("Half up", RuleKind.CUSTOM, "true", Effect.perAmount("1", "2.00", Rounding.HALF_UP)));
        add(rule("Ceiling", RuleKind.CUSTOM, "true", Effect.perAmount("1", "2.00", Rounding.CEILING)));

        var awards = evaluate(basket("5.00")).awards(); // 2.5 points

        assertThat(awards).extracting(Award::ruleName, Award::points)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("Floor", 2L),
                        org.assertj.core.groups.Tuple.tuple("Half up", 3L),
                        org.assertj.core.groups.Tuple.tuple("Ceiling", 3L));
        assertThat(evaluate(basket("4.20")).awards()).extracting(Award::points).containsExactlyInAnyOrder(2L, 2L, 3L);
    }

    @Test
    void perLineCountsOnlyTheLinesInTheCategories() {
        add(rule("2x points on coffee (November promo)", RuleKind.CATEGORY_BONUS, null,
                Effect.perLine("2", "1.00", Rounding.FLOOR, List.of("coffee"), null)));

        var evaluation = evaluate(basket("19.50", line("A", "Coffee", "4.50"), line("B", "coffee", "2.50"),
                line("C", "bakery", "12.50")));

        assertThat(evaluation.awards()).singleElement().satisfies(award -> {
            assertThat(award.points()).isEqualTo(14);
            assertThat(award.explanation()).isEqualTo("2x points on coffee (November promo): 7.00 EUR -> 14 points");
        });
    }

    @Test
    void perLineWithACelFilterSeesEachLine() {
        add(rule("Big items", RuleKind.CUSTOM, "size(lines) > 0",
                Effect.perLine("1", "1.00", Rounding.FLOOR, null, "line.amount >= 10.0 && line.sku != 'X'")));

        var evaluation = evaluate(basket("45.00", line("A", "toys", "10.00"), line("B", "toys", "9.99"),
                line("X", "toys", "25.01")));

        assertThat(evaluation.totalPoints()).isEqualTo(10);
    }

    @Test
    void aPerLineRuleWithoutMatchingLinesGivesNothing() {
        add(rule("Tea", RuleKind.CATEGORY_BONUS, null, Effect.perLine("5", "1", Rounding.FLOOR, List.of("tea"), null)));

        assertThat(evaluate(basket("3.00", line("A", "coffee", "3.00"))).awards()).isEmpty();
    }

    @Test
    void aMultiplierGivesTheExtraOnTopOfTheBasePoints() {
        add(baseRate());
        add(rule("Double points weekend", RuleKind.CUSTOM, "member.tier == 'GOLD'",
                Effect.multiplier("2", Rounding.FLOOR)));
        add(rule("Bonus", RuleKind.CUSTOM, "true", Effect.fixed(5)));

        var evaluation = evaluate(basket("23.50"));

        assertThat(evaluation.awards()).extracting(Award::points).containsExactly(23L, 23L, 5L);
        assertThat(evaluation.awards().get(1).explanation())
                .isEqualTo("Double points weekend: 2x 23 base points -> 23 extra points");
        assertThat(evaluation.totalPoints()).isEqualTo(51);
    }

    @Test
    void fixedBonusIsExplainedWithItsName() {
        add(rule("First purchase bonus", RuleKind.FIRST_PURCHASE, null, Effect.fixed(50)));

        assertThat(evaluate(basket("1.00"), member(0)).awards()).singleElement()
                .extracting(Award::explanation).isEqualTo("First purchase bonus: 50 points");
        assertThat(evaluate(basket("1.00"), member(1)).awards()).isEmpty();
    }

    @Test
    void anExplanationReadLaterSaysWhatItSaidWhenTheAwardWasMade() {
        add(new RuleDefinition("Base rate", null, RuleKind.BASE_RATE, null,
                Effect.perAmount("1", "1.00", Rounding.FLOOR), null, null, null, null, null, null, 0, true,
                new Caps(20L, null, null, null)));
        add(rule("Double", RuleKind.CUSTOM, "true", Effect.multiplier("2", Rounding.FLOOR)));
        var euros = evaluate(basket("23.50"));
        var dollars = evaluate(new Basket("P-2", "S1", "POS", WEDNESDAY, "USD", new BigDecimal("7.25"), List.of()));

        // read after the rules have explained a purchase in another currency
        assertThat(dollars.awards()).extracting(Award::explanation).containsExactly(
                "Base rate 1 point per 1.00 USD: 7.25 USD -> 7 points", "Double: 2x 7 base points -> 7 extra points");
        assertThat(euros.awards()).extracting(Award::explanation).containsExactly(
                "Base rate 1 point per 1.00 EUR: 23.50 EUR -> 23 points, capped to 20 points by the per-purchase cap",
                "Double: 2x 20 base points -> 20 extra points");
    }

    @Test
    void awardsAreValuesOfTheirPartsWhenEverTheirExplanationIsWritten() {
        var written = new Award(1, 2, "Bonus", 5, "Bonus: 5 points");
        var writes = new java.util.concurrent.atomic.AtomicInteger();
        var whenRead = Award.explainedWhenRead(1, 2, "Bonus", 5, () -> {
            writes.incrementAndGet();
            return "Bonus: " + 5 + " points";
        });

        assertThat(writes).hasValue(0);
        assertThat(whenRead).isEqualTo(written).hasSameHashCodeAs(written).hasToString(written.toString());
        assertThat(whenRead.explanation()).isEqualTo("Bonus: 5 points");
        assertThat(writes).as("written once").hasValue(1);
        assertThat(written.toString())
                .isEqualTo("Award[ruleId=1, ruleVersion=2, ruleName=Bonus, points=5, explanation=Bonus: 5 points]");
        assertThat(whenRead).isNotEqualTo(new Award(1, 2, "Bonus", 5, "Bonus: 6 points"));
    }

    // ---- conditions

    @Test
    void aCelConditionOverPurchaseAndMemberDecides() {
        add(rule("Gold over 20", RuleKind.CUSTOM, "purchase.total >= 20.0 && member.tier == 'GOLD'", Effect.fixed(10)));

        assertThat(evaluate(basket("20.00")).totalPoints()).isEqualTo(10);
        assertThat(evaluate(basket("19.99")).totalPoints()).isZero();
        var silver = new MemberFacts(1, "SILVER", 3, null, null, Map.of());
        assertThat(evaluate(basket("50.00"), silver).totalPoints()).isZero();
        var noTier = new MemberFacts(1, null, 3, null, null, Map.of());
        assertThat(evaluate(basket("50.00"), noTier).totalPoints()).isZero();
    }

    @Test
    void everyNthVisitEarnsTheBonus() {
        var nth = new RuleDefinition("Every 5th visit", null, RuleKind.NTH_VISIT, null, Effect.fixed(25), 5, null,
                null, null, null, null, 0, true, null);
        add(nth);

        assertThat(evaluate(basket("1.00"), member(4)).totalPoints()).isEqualTo(25);
        assertThat(evaluate(basket("1.00"), member(9)).totalPoints()).isEqualTo(25);
        assertThat(evaluate(basket("1.00"), member(5)).totalPoints()).isZero();
        assertThat(evaluate(basket("1.00"), member(0)).totalPoints()).isZero();
    }

    @Test
    void birthdayMonthBonusOnlyInTheMembersBirthMonth() {
        add(rule("Birthday", RuleKind.BIRTHDAY_MONTH, null, Effect.fixed(100)));

        assertThat(evaluate(basket("1.00")).totalPoints()).isEqualTo(100); // born in November, bought in November
        assertThat(evaluate(basket(Instant.parse("2025-12-01T10:00:00Z"), "S1", "1.00")).totalPoints()).isZero();
        var unknownBirthday = new MemberFacts(1, null, 3, null, null, Map.of());
        assertThat(evaluate(basket("1.00"), unknownBirthday).totalPoints()).isZero();
    }

    @Test
    void nowGivesTheDayAndHourInTheProgramZone() {
        add(rule("Wednesday afternoon", RuleKind.CUSTOM, "now.dayOfWeek == 3 && now.hour == 14 && now.month == 11",
                Effect.fixed(7)));

        assertThat(evaluate(basket("1.00")).totalPoints()).isEqualTo(7);
        assertThat(evaluate(basket(WEDNESDAY.plusSeconds(3600), "S1", "1.00")).totalPoints()).isZero();
    }

    @Test
    void windowDaysHoursAndStoresLimitWhereAndWhenARuleApplies() {
        var promo = new RuleDefinition("Promo", null, RuleKind.CUSTOM, "true", Effect.fixed(10), null,
                Instant.parse("2025-11-01T00:00:00Z"), Instant.parse("2025-12-01T00:00:00Z"),
                Set.of(DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY), new Hours(LocalTime.of(14, 0), LocalTime.of(15, 0)),
                List.of("S1", "S2"), 0, true, null);
        add(promo);

        assertThat(evaluate(basket("1.00")).totalPoints()).isEqualTo(10);
        assertThat(evaluate(basket(WEDNESDAY, "S3", "1.00")).totalPoints()).as("other store").isZero();
        assertThat(evaluate(basket(WEDNESDAY, null, "1.00")).totalPoints()).as("online").isZero();
        assertThat(evaluate(basket(WEDNESDAY.plusSeconds(86400), "S2", "1.00")).totalPoints()).as("Thursday")
                .isEqualTo(10);
        assertThat(evaluate(basket(WEDNESDAY.minusSeconds(86400), "S1", "1.00")).totalPoints()).as("Tuesday")
                .isZero();
        assertThat(evaluate(basket(WEDNESDAY.plusSeconds(1800), "S1", "1.00")).totalPoints()).as("15:00").isZero();
        assertThat(evaluate(basket(Instant.parse("2025-12-03T14:30:00Z"), "S1", "1.00")).totalPoints())
                .as("after the window").isZero();
    }

    @Test
    void hoursMaySpanMidnight() {
        var night = new RuleDefinition("Night owl", null, RuleKind.CUSTOM, "true", Effect.fixed(3), null, null, null,
                null, new Hours(LocalTime.of(22, 0), LocalTime.of(2, 0)), null, 0, true, null);
        add(night);

        assertThat(evaluate(basket(Instant.parse("2025-11-12T23:10:00Z"), "S1", "1")).totalPoints()).isEqualTo(3);
        assertThat(evaluate(basket(Instant.parse("2025-11-12T01:59:00Z"), "S1", "1")).totalPoints()).isEqualTo(3);
        assertThat(evaluate(basket(Instant.parse("2025-11-12T02:00:00Z"), "S1", "1")).totalPoints()).isZero();
    }

    // ---- stacking and priority

    @Test
    void onlyTheHighestPriorityExclusiveRuleApplies() {
        add(new RuleDefinition("Small promo", null, RuleKind.CUSTOM, "true", Effect.fixed(10), null, null, null, null,
                null, null, 1, false, null));
        add(new RuleDefinition("Big promo", null, RuleKind.CUSTOM, "true", Effect.fixed(30), null, null, null, null,
                null, null, 5, false, null));
        add(new RuleDefinition("Stackable", null, RuleKind.CUSTOM, "true", Effect.fixed(2), null, null, null, null,
                null, null, 0, true, null));

        assertThat(evaluate(basket("1.00")).awards()).extracting(Award::ruleName)
                .containsExactly("Big promo", "Stackable");
    }

    @Test
    void anExclusiveRuleThatDoesNotMatchLeavesTheNextOne() {
        add(new RuleDefinition("Gold only", null, RuleKind.CUSTOM, "member.tier == 'PLATINUM'", Effect.fixed(30), null,
                null, null, null, null, null, 5, false, null));
        add(new RuleDefinition("Everyone", null, RuleKind.CUSTOM, "true", Effect.fixed(10), null, null, null, null,
                null, null, 1, false, null));

        assertThat(evaluate(basket("1.00")).awards()).extracting(Award::ruleName).containsExactly("Everyone");
    }

    // ---- caps

    @Test
    void capPerPurchaseLimitsTheAwardAndSaysSo() {
        add(new RuleDefinition("Base rate", null, RuleKind.BASE_RATE, null,
                Effect.perAmount("1", "1.00", Rounding.FLOOR), null, null, null, null, null, null, 0, true,
                new Caps(100L, null, null, null)));

        var award = evaluate(basket("250.00")).awards().getFirst();

        assertThat(award.points()).isEqualTo(100);
        assertThat(award.explanation())
                .isEqualTo("Base rate 1 point per 1.00 EUR: 250.00 EUR -> 250 points, capped to 100 points by the "
                        + "per-purchase cap");
    }

    @Test
    void capsPerDayMonthAndLifetimeCountWhatTheMemberAlreadyGot() {
        long id = add(new RuleDefinition("Bonus", null, RuleKind.CUSTOM, "true", Effect.fixed(50), null, null, null,
                null, null, null, 0, true, new Caps(null, 60L, 150L, 1000L)));

        assertThat(evaluate(basket("1"), withUsage(id, new MemberFacts.RuleUsage(0, 0, 0))).totalPoints())
                .isEqualTo(50);
        assertThat(evaluate(basket("1"), withUsage(id, new MemberFacts.RuleUsage(50, 50, 50))).awards())
                .singleElement().satisfies(a -> {
                    assertThat(a.points()).isEqualTo(10);
                    assertThat(a.explanation()).endsWith("capped to 10 points by the daily cap");
                });
        assertThat(evaluate(basket("1"), withUsage(id, new MemberFacts.RuleUsage(0, 120, 120))).awards())
                .singleElement().satisfies(a -> {
                    assertThat(a.points()).isEqualTo(30);
                    assertThat(a.explanation()).endsWith("by the monthly cap");
                });
        assertThat(evaluate(basket("1"), withUsage(id, new MemberFacts.RuleUsage(0, 0, 990))).totalPoints())
                .isEqualTo(10);
        assertThat(evaluate(basket("1"), withUsage(id, new MemberFacts.RuleUsage(0, 0, 1000))).awards())
                .as("a used-up cap gives no award at all").isEmpty();
    }

    // ---- failures

    @Test
    void aRuleFailingAtRunTimeIsSkippedAndTheOthersStillEarn() {
        add(rule("Broken", RuleKind.CUSTOM, "member.favouriteColour == 'red'", Effect.fixed(99)));
        add(baseRate());

        assertThat(evaluate(basket("10.00")).awards()).extracting(Award::ruleName).containsExactly("Base rate");
    }

    @Test
    void anInvalidConditionIsRefusedWithTheCompilersPosition() {
        var check = CEL.check("purchase.total >= 20.0 &&\n  member.tier = 'GOLD'", Expressions.Target.CONDITION);

        assertThat(check.valid()).isFalse();
        assertThat(check.errors().getFirst().line()).isEqualTo(2);
        assertThat(check.errors().getFirst().column()).isEqualTo(15);
        assertThat(check.errors().getFirst().message()).contains("token recognition error");
        assertThat(CEL.check("foo > 1", Expressions.Target.CONDITION).errors().getFirst().toString())
                .isEqualTo("line 1, column 1: undeclared reference to 'foo' (in container '')");
        assertThat(CEL.check("line.amount > 1.0", Expressions.Target.CONDITION).valid())
                .as("line is only known to line filters").isFalse();
        assertThat(CEL.check("line.amount > 1.0", Expressions.Target.LINE_FILTER).valid()).isTrue();
        assertThatThrownBy(() -> new CompiledRule(1, 1, rule("Bad", RuleKind.CUSTOM, "1 +", Effect.fixed(1)), CEL))
                .isInstanceOf(Expressions.Invalid.class);
    }
}
