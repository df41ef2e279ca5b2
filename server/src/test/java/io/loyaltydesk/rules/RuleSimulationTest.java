package io.loyaltydesk.rules;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;

/** Simulation over a fixed purchase history that stands in for the purchases module. */
@Import(RuleSimulationTest.History.class)
class RuleSimulationTest extends IntegrationTest {

    static final Instant NOV_3 = Instant.parse("2025-11-03T10:00:00Z");

    @TestConfiguration(proxyBeanMethods = false)
    static class History {

        @Bean
        @Primary
        PastPurchases pastPurchases() {
            return new PastPurchases() {
                @Override
                public void forEachBetween(Instant from, Instant to, Consumer<PastPurchase> each) {
                    PURCHASES.stream()
                            .filter(p -> !p.basket().occurredAt().isBefore(from) && p.basket().occurredAt().isBefore(to))
                            .forEach(each);
                }
            };
        }
    }

    static final List<PastPurchases.PastPurchase> PURCHASES = List.of(
            purchase("H-1", 9001, NOV_3, "12.00", "coffee", "7.00"),
            purchase("H-2", 9001, NOV_3.plusSeconds(3600), "3.00", "coffee", "3.00"),
            purchase("H-3", 9002, NOV_3.plusSeconds(7200), "20.00", "bakery", "20.00"),
            purchase("H-4", 9003, NOV_3.plusSeconds(86400), "5.50", "coffee", "5.50"),
            // outside the range
            purchase("H-5", 9004, Instant.parse("2025-12-01T10:00:00Z"), "100.00", "coffee", "100.00"));

    static PastPurchases.PastPurchase purchase(String id, long member, Instant at, String total, String category,
            String lineAmount) {
        var amount = new BigDecimal(lineAmount);
        var basket = new Basket(id, null, "POS", at, "EUR", new BigDecimal(total),
                List.of(new Basket.Line("SKU", category, BigDecimal.ONE, amount, amount)));
        return new PastPurchases.PastPurchase(basket,
                new MemberFacts(member, null, 5, LocalDate.of(1980, 1, 1), null, Map.of()), 0);
    }

    @Test
    void aDraftRuleReportsExtraPointsMembersAndLiabilityWithoutWritingAnything() throws Exception {
        // 2 points per 1.00 on coffee, at most 12 per member per day: 9001 gets 14 -> capped 12 then 0 (day used),
        // 9003 gets 11; 9002 bought no coffee; H-5 is outside the range
        mvc.perform(post("/api/v1/rules/simulate").with(apiKey()).contentType(MediaType.APPLICATION_JSON).content("""
                        {"from": "2025-11-01T00:00:00Z", "to": "2025-12-01T00:00:00Z",
                         "rule": {"name": "2x points on coffee", "kind": "CATEGORY_BONUS",
                                  "effect": {"type": "PER_LINE", "pointsPer": 2, "perAmount": 1.00,
                                             "categories": ["coffee"]},
                                  "caps": {"perMemberPerDay": 12}}}
                        """))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.purchasesScanned").value(4))
                .andExpect(jsonPath("$.purchasesMatched").value(2))
                .andExpect(jsonPath("$.membersAffected").value(2))
                .andExpect(jsonPath("$.extraPoints").value(23))
                .andExpect(jsonPath("$.extraLiabilityMinor").isNumber())
                .andExpect(jsonPath("$.currency").isString())
                .andExpect(jsonPath("$.samples[0].externalId").value("H-1"))
                .andExpect(jsonPath("$.samples[0].memberId").value(9001))
                .andExpect(jsonPath("$.samples[0].points").value(12))
                .andExpect(jsonPath("$.samples[0].explanation").value(
                        "2x points on coffee: 7.00 EUR -> 14 points, capped to 12 points by the daily cap"))
                .andExpect(jsonPath("$.samples[1].externalId").value("H-4"))
                .andExpect(jsonPath("$.samples[1].points").value(11));
    }

    @Test
    void aSimulationNeedsARuleAndARange() throws Exception {
        mvc.perform(post("/api/v1/rules/simulate").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"from\": \"2025-11-02T00:00:00Z\", \"to\": \"2025-11-01T00:00:00Z\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field",
                        org.hamcrest.Matchers.containsInAnyOrder("to", "rule")));
    }
}
