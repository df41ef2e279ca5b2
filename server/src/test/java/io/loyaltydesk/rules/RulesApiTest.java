package io.loyaltydesk.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.staff.Role;
import io.loyaltydesk.staff.Scope;
import io.loyaltydesk.staff.internal.ApiKeys;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

class RulesApiTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    EarningRules earningRules;

    @Autowired
    ApiKeys apiKeys;

    String promo(String name, String condition, long points) {
        return """
                {"status": "ACTIVE", "definition": {"name": "%s", "kind": "CUSTOM", "condition": "%s",
                 "effect": {"type": "FIXED", "points": %d}}}
                """.formatted(name, condition, points);
    }

    long create(String body) throws Exception {
        var result = mvc.perform(post("/api/v1/rules").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isCreated())
                .andExpect(header().exists("Location"))
                .andReturn();
        return json.readTree(result.getResponse().getContentAsString()).get("id").asLong();
    }

    @Test
    void editingARuleMakesVersionTwoAndKeepsVersionOne() throws Exception {
        long id = create(promo("Gold bonus " + unique(), "member.tier == 'GOLD'", 10));

        mvc.perform(put("/api/v1/rules/{id}", id).with(apiKey()).contentType(MediaType.APPLICATION_JSON).content("""
                        {"reason": "more generous", "definition": {"name": "Gold bonus", "kind": "CUSTOM",
                         "condition": "member.tier == 'GOLD'", "effect": {"type": "FIXED", "points": 25}}}
                        """))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(2))
                .andExpect(jsonPath("$.definition.effect.points").value(25));

        mvc.perform(get("/api/v1/rules/{id}/versions", id).with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].version").value(2))
                .andExpect(jsonPath("$[1].version").value(1))
                .andExpect(jsonPath("$[1].definition.effect.points").value(10));
        mvc.perform(get("/api/v1/rules/{id}/versions/1", id).with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.definition.effect.points").value(10));
        assertThat(jdbc.sql("select count(*) from audit_log where entity_type = 'rule' and entity_id = :id")
                .param("id", Long.toString(id)).query(Long.class).single()).isEqualTo(2);

        // the engine picked the new version up after the commit
        var basket = new Basket("E-" + unique(), null, "ONLINE", clock.instant(), "EUR", new BigDecimal("5.00"),
                List.of());
        var gold = new MemberFacts(1, "GOLD", 2, null, null, Map.of());
        assertThat(earningRules.evaluate(basket, gold).awards())
                .filteredOn(a -> a.ruleId() == id).singleElement()
                .satisfies(a -> {
                    assertThat(a.ruleVersion()).isEqualTo(2);
                    assertThat(a.points()).isEqualTo(25);
                });

        mvc.perform(post("/api/v1/rules/{id}/status", id).with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\": \"PAUSED\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("PAUSED"));
        assertThat(earningRules.evaluate(basket, gold).awards()).noneMatch(a -> a.ruleId() == id);
    }

    @Test
    void aBadRuleIsRefusedWithEveryBadFieldAndTheCompilersPosition() throws Exception {
        long before = jdbc.sql("select count(*) from rules").query(Long.class).single();

        mvc.perform(post("/api/v1/rules").with(apiKey()).contentType(MediaType.APPLICATION_JSON).content("""
                        {"definition": {"name": "", "kind": "CUSTOM", "condition": "purchase.total >= ",
                         "effect": {"type": "PER_LINE", "pointsPer": 0, "perAmount": 1, "lineFilter": "line.amount >"},
                         "caps": {"perPurchase": 0}}}
                        """))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/invalid-input"))
                .andExpect(jsonPath("$.errors[*].field", hasItem("name")))
                .andExpect(jsonPath("$.errors[*].field", hasItem("condition")))
                .andExpect(jsonPath("$.errors[*].field", hasItem("effect.pointsPer")))
                .andExpect(jsonPath("$.errors[*].field", hasItem("effect.lineFilter")))
                .andExpect(jsonPath("$.errors[*].field", hasItem("caps.perPurchase")))
                .andExpect(jsonPath("$.errors[?(@.field == 'condition')].message",
                        hasItem(containsString("line 1, column"))));
        assertThat(jdbc.sql("select count(*) from rules").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void theLiveEditorGetsErrorsWithLineAndColumn() throws Exception {
        mvc.perform(post("/api/v1/rules/validate").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"expression\": \"purchase.total >= 20.0 && membr.tier == 'GOLD'\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.valid").value(false))
                .andExpect(jsonPath("$.errors[0].line").value(1))
                .andExpect(jsonPath("$.errors[0].column").value(27))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("membr")));
        mvc.perform(post("/api/v1/rules/validate").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"expression\": \"line.category == 'coffee'\", \"target\": \"lineFilter\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.valid").value(true));
    }

    @Test
    void readingAndWritingNeedTheRulesScopes() throws Exception {
        mvc.perform(get("/api/v1/rules")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/rules").with(staff(Role.ADMIN))).andExpect(status().is4xxClientError());
        mvc.perform(get("/api/v1/rules").with(apiKey())).andExpect(status().isOk());
        mvc.perform(get("/api/v1/rules/{id}", Long.MAX_VALUE).with(apiKey())).andExpect(status().isNotFound());
    }

    @Test
    void aKeyWithoutTheRulesScopesIsForbidden() throws Exception {
        var readOnly = apiKeys.create("rules read " + unique(), EnumSet.of(Scope.RULES_READ), "test").secret();
        var membersOnly = apiKeys.create("members " + unique(), EnumSet.of(Scope.MEMBERS_READ), "test").secret();

        mvc.perform(get("/api/v1/rules").with(apiKey(membersOnly))).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/rules").with(apiKey(readOnly))).andExpect(status().isOk());
        mvc.perform(post("/api/v1/rules").with(apiKey(readOnly)).contentType(MediaType.APPLICATION_JSON)
                        .content(promo("Not allowed", "true", 1)))
                .andExpect(status().isForbidden());
    }
}
