package io.loyaltydesk.tiers;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.rules.RuleDefinition;
import io.loyaltydesk.rules.RuleDefinition.Effect;
import io.loyaltydesk.rules.RuleDefinition.Rounding;
import io.loyaltydesk.rules.RuleDefinition.RuleKind;
import io.loyaltydesk.rules.RuleStatus;
import io.loyaltydesk.rules.Rules;
import io.loyaltydesk.staff.Stores;
import io.loyaltydesk.tiers.TierProgram.Metric;
import io.loyaltydesk.tiers.TierProgram.Window;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tiers are program-wide, so each tier test starts from the same three tiers (BASE 0, SILVER 100, GOLD 500, on
 * money spent over the calendar year, 14 grace days) and buys in a store of its own with a 1 point per EUR rule.
 * Time moves on the shared clock, which is put back after each test.
 */
abstract class TierTestSupport extends IntegrationTest {

    static final int GRACE_DAYS = 14;

    @Autowired
    Tiers tiers;
    @Autowired
    Rules rules;
    @Autowired
    Stores stores;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;

    String store;

    @BeforeEach
    void threeTiersAndAStore() {
        jdbc.sql("delete from tiers").update();
        useProgram(Window.CALENDAR_YEAR, 12);
        tiers.create(new TierDefinition("BASE", "Member", 0, "#8A8F98", "Points on every purchase", null,
                BigDecimal.ZERO));
        tiers.create(new TierDefinition("SILVER", "Silver", 1, "#A7B1BC", "Free coffee on your birthday",
                new BigDecimal("1.25"), new BigDecimal("100")));
        tiers.create(new TierDefinition("GOLD", "Gold", 2, "#C9A227", "1.5x points, exclusive rewards",
                new BigDecimal("1.5"), new BigDecimal("500")));
        store = "TT-" + unique();
        stores.add(store, "Tier test store " + store, "Test", "Berlin", true);
        rules.create(new RuleDefinition("Base rate " + store, null, RuleKind.BASE_RATE, null,
                Effect.perAmount("1", "1.00", Rounding.FLOOR), null, null, null, null, null, List.of(store), 0, true,
                null), RuleStatus.ACTIVE);
    }

    @AfterEach
    void restoreClock() {
        clock.set(Instant.now());
    }

    void useProgram(Window window, int months) {
        tiers.updateProgram(new TierProgram(Metric.SPEND, window, months, GRACE_DAYS), "test setup");
    }

    long enroll(String card) throws Exception {
        var result = mvc.perform(post("/api/v1/members").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"cardNumber\": \"%s\"}".formatted(card))).andExpect(status().isCreated()).andReturn();
        return json.readTree(result.getResponse().getContentAsString()).path("id").asLong();
    }

    /** Buys now (on the test clock) and waits until the tiers module has counted the purchase. */
    JsonNode buy(String receipt, String card, String total) throws Exception {
        var body = """
                {"externalId": "%s", "storeId": "%s", "channel": "POS", "cardNumber": "%s", "occurredAt": "%s",
                 "currency": "EUR", "totalAmount": "%s", "lines": [{"sku": "BREAD", "category": "BAKERY", "quantity": 1, "amount": "%s"}]}
                """.formatted(receipt, store, card, clock.instant(), total, total);
        var receiptJson = json.readTree(mvc.perform(post("/api/v1/purchases").with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
        long purchaseId = receiptJson.path("id").asLong();
        eventually(() -> activityRows(purchaseId, "PURCHASE") == 1);
        return receiptJson;
    }

    void returnAmount(String receipt, String returnId, String amount, long purchaseId) throws Exception {
        mvc.perform(post("/api/v1/purchases/{id}/returns", receipt).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"externalId\": \"%s\", \"amount\": %s}".formatted(returnId, amount)))
                .andExpect(status().isCreated());
        eventually(() -> activityRows(purchaseId, "RETURN") == 1);
    }

    long activityRows(long purchaseId, String kind) {
        return jdbc.sql("select count(*) from tier_activity where purchase_id = :p and kind = :k")
                .param("p", purchaseId).param("k", kind).query(Long.class).single();
    }

    JsonNode progress(long member) throws Exception {
        return json.readTree(mvc.perform(get("/api/v1/members/{id}/tier", member).with(apiKey()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    String tierOf(long member) throws Exception {
        return progress(member).path("tier").path("code").asString();
    }

    /** Runs the review job's work until nothing is due, as the hourly job would at this moment. */
    void runReview() {
        while (tiers.endExpiredOverrides(1000) > 0) {
            // keep going
        }
        while (tiers.reviewDue(1000) > 0) {
            // keep going
        }
    }

    static void eventually(Callable<Boolean> check) throws Exception {
        var deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!check.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            Thread.sleep(25);
        }
    }
}
