package io.loyaltydesk.tiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.rules.RuleDefinition;
import io.loyaltydesk.rules.RuleDefinition.Effect;
import io.loyaltydesk.rules.RuleDefinition.RuleKind;
import io.loyaltydesk.rules.RuleStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** Tier definitions, progress and overrides through the API, and member.tier in the rules. */
class TierApiTest extends TierTestSupport {

    @Test
    void tiersAreListedByRankAndBadOnesAreRefusedWithEveryField() throws Exception {
        mvc.perform(get("/api/v1/tiers").with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].code").value(org.hamcrest.Matchers.contains("BASE", "SILVER", "GOLD")));

        mvc.perform(post("/api/v1/tiers").with(apiKey()).contentType(MediaType.APPLICATION_JSON).content("""
                        {"code": "gold plus", "name": "", "rank": 2, "colour": "gold", "threshold": 50,
                         "earnMultiplierHint": 20}
                        """))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/invalid-input"))
                .andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder("code", "name", "rank", "colour",
                        "threshold", "earnMultiplierHint")))
                .andExpect(jsonPath("$.errors[?(@.field == 'threshold')].message").value(
                        org.hamcrest.Matchers.contains("must be more than SILVER's threshold 100 (thresholds rise with rank)")));

        mvc.perform(post("/api/v1/tiers").with(apiKey()).contentType(MediaType.APPLICATION_JSON).content("""
                        {"code": "GOLD", "name": "Gold again", "rank": 3, "colour": "#C9A227", "threshold": 900}
                        """))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("/problems/tier-exists"));

        mvc.perform(post("/api/v1/tiers").with(apiKey()).contentType(MediaType.APPLICATION_JSON).content("""
                        {"code": "platinum", "name": "Platinum", "rank": 3, "colour": "#e5e4e2", "threshold": 2000,
                         "benefits": "Lounge access", "earnMultiplierHint": 2}
                        """))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.code").value("PLATINUM"))
                .andExpect(jsonPath("$.colour").value("#E5E4E2"));

        mvc.perform(put("/api/v1/tiers/{code}", "SILVER").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name": "Silver", "rank": 1, "colour": "#A7B1BC", "threshold": 600, "reason": "test"}
                                """))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("threshold"))
                .andExpect(jsonPath("$.errors[0].message").value("must be less than GOLD's threshold 500 (thresholds rise with rank)"));
        mvc.perform(put("/api/v1/tiers/{code}", "SILVER").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name": "Silver", "rank": 1, "colour": "#A7B1BC", "threshold": 200, "reason": "harder"}
                                """))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.threshold").value(200));
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'tier.changed' and entity_id = 'SILVER'"
                + " and reason = 'harder'").query(Long.class).single()).isEqualTo(1);
        mvc.perform(put("/api/v1/tiers/{code}", "NOPE").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"x\", \"rank\": 9, \"colour\": \"#000000\", \"threshold\": 9000}"))
                .andExpect(status().isNotFound());
    }

    @Test
    void theQualificationSettingIsValidated() throws Exception {
        mvc.perform(put("/api/v1/tier-program").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"metric\": \"SPEND\", \"window\": \"ROLLING_MONTHS\", \"windowMonths\": 0, \"graceDays\": -1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder("windowMonths", "graceDays")));
        mvc.perform(put("/api/v1/tier-program").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"metric\": \"SPEND\", \"window\": \"CALENDAR_YEAR\", \"graceDays\": 14, \"reason\": \"t\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.windowMonths").value(12));
        mvc.perform(get("/api/v1/tier-program").with(apiKey()))
                .andExpect(jsonPath("$.metric").value("SPEND"))
                .andExpect(jsonPath("$.window").value("CALENDAR_YEAR"));
    }

    @Test
    void progressSaysWhereTheMemberStandsAndWhatIsMissing() throws Exception {
        clock.set(Instant.parse("2031-05-20T08:00:00Z"));
        var card = "CARD-" + unique();
        long member = enroll(card);
        var before = progress(member);
        assertThat(before.path("tier").path("code").asString()).isEqualTo("BASE");
        assertThat(before.path("missing").decimalValue()).isEqualByComparingTo("100");

        buy("R-" + unique(), card, "150.00");
        eventually(() -> tierOf(member).equals("SILVER"));
        mvc.perform(get("/api/v1/members/{id}/tier", member).with(apiKey()))
                .andExpect(jsonPath("$.tier.code").value("SILVER"))
                .andExpect(jsonPath("$.tier.name").value("Silver"))
                .andExpect(jsonPath("$.tier.colour").value("#A7B1BC"))
                .andExpect(jsonPath("$.metric").value("SPEND"))
                .andExpect(jsonPath("$.value").value(150.0))
                .andExpect(jsonPath("$.nextTier.code").value("GOLD"))
                .andExpect(jsonPath("$.nextTier.threshold").value(500))
                .andExpect(jsonPath("$.missing").value(350.0))
                .andExpect(jsonPath("$.periodEnd").value("2032-01-01T00:00:00Z"))
                .andExpect(jsonPath("$.willDropTo").isEmpty())
                .andExpect(jsonPath("$.dropsAt").isEmpty())
                .andExpect(jsonPath("$.override").isEmpty());
        mvc.perform(get("/api/v1/members/{id}/tier", 999_999_999L).with(apiKey())).andExpect(status().isNotFound());
    }

    @Test
    void anOverrideHoldsUntilItsDateIsAuditedAndThenEnds() throws Exception {
        clock.set(Instant.parse("2031-03-10T10:00:00Z"));
        long member = enroll("CARD-" + unique());
        mvc.perform(put("/api/v1/members/{id}/tier/override", member).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"tier\": \"GOLD\", \"until\": \"2031-03-01\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder("until", "reason")));
        mvc.perform(put("/api/v1/members/{id}/tier/override", member).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tier\": \"GOLD\", \"until\": \"2031-03-20\", \"reason\": \"VIP complaint\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tier.code").value("GOLD"))
                .andExpect(jsonPath("$.earnedTier.code").value("BASE"))
                .andExpect(jsonPath("$.override.until").value("2031-03-21T00:00:00Z"))
                .andExpect(jsonPath("$.override.reason").value("VIP complaint"));
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'tier.override' and entity_id = :id"
                + " and reason = 'VIP complaint'").param("id", Long.toString(member)).query(Long.class).single())
                .isEqualTo(1);

        clock.set(Instant.parse("2031-03-20T23:59:59Z"));
        runReview();
        assertThat(tierOf(member)).isEqualTo("GOLD");
        clock.set(Instant.parse("2031-03-21T00:00:00Z"));
        assertThat(tierOf(member)).as("the override is over on its date, job or not").isEqualTo("BASE");
        runReview();
        assertThat(progress(member).path("override").isNull()).isTrue();
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'tier.override.expired' and entity_id = :id")
                .param("id", Long.toString(member)).query(Long.class).single()).isEqualTo(1);

        mvc.perform(delete("/api/v1/members/{id}/tier/override", member).with(apiKey()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/no-override"));
    }

    @Test
    void rulesSeeTheMembersTier() throws Exception {
        var rule = rules.create(new RuleDefinition("Gold bonus " + store, null, RuleKind.CUSTOM,
                "member.tier == 'GOLD'", Effect.fixed(50), null, null, null, null, null, List.of(store), 5, true,
                null), RuleStatus.ACTIVE).id();
        var goldCard = "CARD-" + unique();
        var plainCard = "CARD-" + unique();
        long gold = enroll(goldCard);
        enroll(plainCard);
        buy("R-" + unique(), goldCard, "600.00");
        eventually(() -> tierOf(gold).equals("GOLD"));

        assertThat(pointsFrom(buy("R-" + unique(), goldCard, "10.00"), rule)).isEqualTo(50);
        assertThat(pointsFrom(buy("R-" + unique(), plainCard, "10.00"), rule)).isZero();
    }

    private static long pointsFrom(JsonNode receipt, long ruleId) {
        for (var award : receipt.path("awards")) {
            if (award.path("ruleId").asLong() == ruleId) {
                return award.path("points").asLong();
            }
        }
        return 0;
    }
}
