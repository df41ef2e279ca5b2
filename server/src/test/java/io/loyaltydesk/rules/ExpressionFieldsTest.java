package io.loyaltydesk.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelVariableResolver;
import io.loyaltydesk.rules.internal.Expressions;
import io.loyaltydesk.rules.internal.Expressions.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The fast path of {@link Expressions}: fields of the facts are read as variables of their own
 * ({@code purchase.total}) instead of through their maps, and every expression still means what it means with
 * the maps alone.
 */
class ExpressionFieldsTest {

    static final Expressions CEL = new Expressions();

    static Map<String, Object> facts(double total, String tier) {
        var purchase = Map.<String, Object>of("externalId", "P-1", "storeCode", "S1", "channel", "POS", "currency",
                "EUR", "total", total, "lineCount", 1L);
        var member = Map.<String, Object>of("id", 42L, "tier", tier == null ? NullValue.NULL_VALUE : tier,
                "purchasesBefore", 3L, "birthMonth", 11L, "birthDay", 3L, "enrolledDays", 400L);
        var now = Map.<String, Object>of("dayOfWeek", 3L, "hour", 14L, "minute", 30L, "day", 12L, "month", 11L,
                "year", 2025L);
        var line = Map.<String, Object>of("sku", "A", "category", "WINE", "quantity", 2.0, "unitPrice", 12.5,
                "amount", 25.0);
        var all = new HashMap<String, Object>();
        all.put("purchase", purchase);
        all.put("member", member);
        all.put("now", now);
        all.put("lines", List.of(line));
        all.put("line", line);
        return all;
    }

    /** The facts as a resolver that notes every name CEL asks for. */
    static CelVariableResolver recording(Map<String, Object> facts, List<String> asked) {
        return name -> {
            asked.add(name);
            int dot = name.indexOf('.');
            if (dot > 0) {
                return Optional.ofNullable(((Map<?, ?>) facts.get(name.substring(0, dot))).get(name.substring(dot + 1)));
            }
            return Optional.ofNullable(facts.get(name));
        };
    }

    @Test
    void fieldsAreReadAsVariablesOfTheirOwn() throws Exception {
        var predicate = CEL.compile("purchase.total >= 20.0 && member.tier == 'GOLD'", Target.CONDITION);
        var asked = new ArrayList<String>();

        assertThat(predicate.test(recording(facts(25.0, "GOLD"), asked))).isTrue();
        assertThat(asked).containsExactly("purchase.total", "member.tier");
        assertThat(predicate.test(recording(facts(25.0, null), new ArrayList<>()))).isFalse();
        assertThat(predicate.test(recording(facts(5.0, "GOLD"), new ArrayList<>()))).isFalse();
    }

    @Test
    void lineFiltersReadTheLinesFieldsDirectly() throws Exception {
        var predicate = CEL.compile("line.category == 'WINE' && line.amount >= 20", Target.LINE_FILTER);
        var asked = new ArrayList<String>();

        assertThat(predicate.test(recording(facts(25.0, null), asked))).isTrue();
        assertThat(asked).containsExactly("line.category", "line.amount");
    }

    @Test
    void theMapsStillWorkWhereAFieldIsNotSelectedByName() throws Exception {
        var facts = facts(25.0, "GOLD");
        for (var expression : List.of("has(purchase.total)", "purchase['total'] >= 20", "'tier' in member",
                "size(purchase) == 6", "lines.exists(l, l.category == 'WINE' && l.amount >= 20)",
                "lines.all(l, l.quantity >= 1.0)", "now.hour >= 14 && now.dayOfWeek == 3 && member.birthMonth == 11",
                "purchase.storeCode in ['S1', 'S2']")) {
            assertThat(CEL.compile(expression, Target.CONDITION).test(facts)).as(expression).isTrue();
            assertThat(CEL.compile(expression, Target.CONDITION).test(recording(facts, new ArrayList<>())))
                    .as(expression).isTrue();
        }
        assertThat(CEL.compile("has(purchase.nothing)", Target.CONDITION).test(facts)).isFalse();
    }

    @Test
    void aMacroVariableNamedLikeAFactShadowsIt() throws Exception {
        // the loop variable "purchase" is a map of its own here, not the purchase
        var predicate = CEL.compile("[{'total': 500.0}].exists(purchase, purchase.total > 100.0)", Target.CONDITION);

        assertThat(predicate.test(recording(facts(5.0, null), new ArrayList<>()))).isTrue();
        assertThat(predicate.test(facts(5.0, null))).isTrue();
    }

    @Test
    void aMemberWithoutTierComparesToNull() throws Exception {
        var predicate = CEL.compile("member.tier == null", Target.CONDITION);

        assertThat(predicate.test(recording(facts(5.0, null), new ArrayList<>()))).isTrue();
        assertThat(predicate.test(recording(facts(5.0, "GOLD"), new ArrayList<>()))).isFalse();
    }

    @Test
    void anExpressionSaysWhichFactsItReads() {
        assertThat(CEL.compile("member.tier == 'GOLD' && purchase.total > 1.0", Target.CONDITION).variables())
                .containsExactlyInAnyOrder("member.tier", "purchase.total");
        assertThat(CEL.compile("has(member.tier)", Target.CONDITION).variables()).contains("member");
        assertThat(CEL.compile("line.amount > 1.0", Target.LINE_FILTER).variables()).containsExactly("line.amount");
    }

    @Test
    void theBookNeedsOnlyTheMemberHistoryItsRulesRead() {
        var plain = new io.loyaltydesk.rules.internal.CompiledRule(1, 1, RuleEvaluationTest.baseRate(), CEL);
        var tier = new io.loyaltydesk.rules.internal.CompiledRule(2, 1, RuleEvaluationTest.rule("Gold",
                RuleDefinition.RuleKind.CUSTOM, "member.tier == 'GOLD'", RuleDefinition.Effect.fixed(5)), CEL);
        var whole = new io.loyaltydesk.rules.internal.CompiledRule(3, 1, RuleEvaluationTest.rule("Any",
                RuleDefinition.RuleKind.CUSTOM, "size(member) > 0", RuleDefinition.Effect.fixed(5)), CEL);
        var first = new io.loyaltydesk.rules.internal.CompiledRule(4, 1, RuleEvaluationTest.rule("Welcome",
                RuleDefinition.RuleKind.FIRST_PURCHASE, null, RuleDefinition.Effect.fixed(5)), CEL);
        var capped = new io.loyaltydesk.rules.internal.CompiledRule(5, 1, new RuleDefinition("Capped", null,
                RuleDefinition.RuleKind.CUSTOM, null, RuleDefinition.Effect.fixed(5), null, null, null, null, null,
                null, 0, true, new RuleDefinition.Caps(null, null, 10L, null)), CEL);
        var perPurchase = new io.loyaltydesk.rules.internal.CompiledRule(6, 1, new RuleDefinition("Capped", null,
                RuleDefinition.RuleKind.CUSTOM, null, RuleDefinition.Effect.fixed(5), null, null, null, null, null,
                null, 0, true, new RuleDefinition.Caps(3L, null, null, null)), CEL);
        var zone = java.time.ZoneOffset.UTC;

        assertThat(new io.loyaltydesk.rules.internal.RuleBook(List.of(plain, perPurchase), zone).needs())
                .isEqualTo(new EarningRules.Needs(false, false, false));
        assertThat(new io.loyaltydesk.rules.internal.RuleBook(List.of(plain, tier), zone).needs())
                .isEqualTo(new EarningRules.Needs(true, false, false));
        assertThat(new io.loyaltydesk.rules.internal.RuleBook(List.of(whole), zone).needs())
                .isEqualTo(new EarningRules.Needs(true, true, false));
        assertThat(new io.loyaltydesk.rules.internal.RuleBook(List.of(first, capped), zone).needs())
                .isEqualTo(new EarningRules.Needs(false, true, true));
    }
}
