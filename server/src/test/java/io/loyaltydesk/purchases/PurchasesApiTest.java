package io.loyaltydesk.purchases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.rules.RuleDefinition;
import io.loyaltydesk.rules.RuleDefinition.Effect;
import io.loyaltydesk.rules.RuleDefinition.Rounding;
import io.loyaltydesk.rules.RuleDefinition.RuleKind;
import io.loyaltydesk.rules.RuleStatus;
import io.loyaltydesk.rules.Rules;
import io.loyaltydesk.staff.Stores;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Purchases through the API, on rules of their own store so that rules other tests activate cannot change
 * the figures: 1 point per 1.00 EUR (base) and 2x on the COFFEE category.
 */
class PurchasesApiTest extends IntegrationTest {

    @Autowired
    Rules rules;
    @Autowired
    Stores stores;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;

    private String store;
    private long baseRule;
    private long coffeeRule;

    @BeforeEach
    void storeWithRules() {
        store = "PT-" + unique();
        stores.add(store, "Test store " + store, "Test", "Berlin", true);
        baseRule = rules.create(new RuleDefinition("Base rate " + store, null, RuleKind.BASE_RATE, null,
                Effect.perAmount("1", "1.00", Rounding.FLOOR), null, null, null, null, null, List.of(store), 0, true,
                null), RuleStatus.ACTIVE).id();
        coffeeRule = rules.create(new RuleDefinition("Coffee bonus " + store, null, RuleKind.CATEGORY_BONUS, null,
                Effect.perLine("1", "1.00", Rounding.FLOOR, List.of("COFFEE"), null), null, null, null, null, null,
                List.of(store), 10, true, null), RuleStatus.ACTIVE).id();
    }

    @Test
    void aPurchaseEarnsPointsExplainedByEachRule() throws Exception {
        var card = "CARD-" + unique();
        long member = enroll(card);

        var receipt = record(purchase("R-" + unique(), card, "23.50", coffee("7.00"), bread("16.50")), 201);

        assertThat(award(receipt, baseRule).path("points").asLong()).isEqualTo(23);
        assertThat(award(receipt, coffeeRule).path("points").asLong()).isEqualTo(7);
        assertThat(award(receipt, coffeeRule).path("explanation").asString()).contains("7.00 EUR").contains("7 points");
        long earned = receipt.path("points").path("earned").asLong();
        assertThat(earned).isEqualTo(sumOfAwards(receipt));
        assertThat(receipt.path("memberId").asLong()).isEqualTo(member);
        assertThat(receipt.path("balance").path("available").asLong()
                + receipt.path("balance").path("pending").asLong()).isEqualTo(earned);
        mvc.perform(get("/api/v1/members/{id}/points/history", member).with(apiKey()))
                .andExpect(jsonPath("$.items[*].ruleId", hasItem((int) coffeeRule)));
    }

    @Test
    void theSamePurchaseSentAgainGetsTheFirstAnswerAndADifferentOneIsAConflict() throws Exception {
        var card = "CARD-" + unique();
        enroll(card);
        var body = purchase("R-" + unique(), card, "10.00", bread("10.00"));

        var first = record(body, 201);
        var again = record(body, 200);
        assertThat(again).isEqualTo(first);

        var changed = body.replace("\"10.00\"", "\"12.00\"");
        mvc.perform(post("/api/v1/purchases").with(apiKey()).contentType(MediaType.APPLICATION_JSON).content(changed))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("/problems/purchase-conflict"));
        assertThat(earnTransfers(first.path("id").asLong())).isEqualTo(first.path("awards").size());
    }

    @Test
    void twentyConcurrentCopiesOfAPurchaseEarnOnce() throws Exception {
        var card = "CARD-" + unique();
        long member = enroll(card);
        var body = purchase("R-" + unique(), card, "30.00", bread("30.00"));
        var calls = new ArrayList<Callable<Integer>>();
        for (int i = 0; i < 20; i++) {
            calls.add(() -> mvc.perform(post("/api/v1/purchases").with(apiKey())
                    .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn().getResponse().getStatus());
        }
        try (var pool = Executors.newFixedThreadPool(20)) {
            var statuses = pool.invokeAll(calls).stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            assertThat(statuses).containsOnly(200, 201);
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        }
        long earned = jdbc.sql("select coalesce(sum(amount), 0) from ledger_transfers where member_id = :m and code = 'EARN'")
                .param("m", member).query(Long.class).single();
        assertThat(earned).isEqualTo(30);
    }

    @Test
    void anUnknownMembersPurchaseIsKeptAndEarnsAsOfItsDateWhenClaimed() throws Exception {
        var receiptNumber = "R-" + unique();
        var occurredAt = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        var receipt = record(purchase(receiptNumber, "CARD-NOBODY-" + unique(), "12.00", occurredAt, bread("12.00")), 201);
        assertThat(receipt.path("assigned").asBoolean()).isFalse();
        assertThat(receipt.path("points").path("earned").asLong()).isZero();

        long member = enroll("CARD-" + unique());
        var claimed = json.readTree(mvc.perform(post("/api/v1/members/{id}/purchases/claims", member).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"externalId\": \"%s\"}".formatted(receiptNumber)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());

        assertThat(award(claimed, baseRule).path("points").asLong()).isEqualTo(12);
        var history = json.readTree(mvc.perform(get("/api/v1/members/{id}/points/history", member).with(apiKey()))
                .andReturn().getResponse().getContentAsString());
        assertThat(Instant.parse(history.path("items").get(0).path("occurredAt").asString())).isEqualTo(occurredAt);

        mvc.perform(post("/api/v1/members/{id}/purchases/claims", member).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"externalId\": \"%s\"}".formatted(receiptNumber)))
                .andExpect(status().isNotFound());
    }

    @Test
    void aReturnTakesBackPointsInProportionAndNeverMoreThanWasBought() throws Exception {
        var card = "CARD-" + unique();
        long member = enroll(card);
        var receiptNumber = "R-" + unique();
        var receipt = record(purchase(receiptNumber, card, "20.00", bread("20.00")), 201);
        assertThat(receipt.path("points").path("earned").asLong()).isEqualTo(20);

        mvc.perform(post("/api/v1/purchases/{id}/returns", receiptNumber).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"externalId\": \"RET-1\", \"lines\": [{\"sku\": \"BREAD\", \"quantity\": 1}]}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.amount").value(10.0))
                .andExpect(jsonPath("$.points.reversed").value(10));
        mvc.perform(post("/api/v1/purchases/{id}/returns", receiptNumber).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"externalId\": \"RET-2\", \"amount\": 10.01}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/return-exceeds-purchase"));
        mvc.perform(post("/api/v1/purchases/{id}/returns", receiptNumber).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"externalId\": \"RET-1\", \"lines\": [{\"sku\": \"BREAD\", \"quantity\": 1}]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.points.reversed").value(10));

        var balance = json.readTree(mvc.perform(get("/api/v1/members/{id}/points", member).with(apiKey()))
                .andReturn().getResponse().getContentAsString());
        assertThat(balance.path("available").asLong() + balance.path("pending").asLong()).as(balance.toString())
                .isEqualTo(10);
    }

    @Test
    void aQuoteChangesNothingAndPromisesWhatTheSaleThenEarns() throws Exception {
        var card = "CARD-" + unique();
        long member = enroll(card);
        var receiptNumber = "R-" + unique();
        var body = purchase(receiptNumber, card, "15.00", coffee("5.00"), bread("10.00"));

        var quote = json.readTree(mvc.perform(post("/api/v1/checkout/quote").with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(jdbc.sql("select count(*) from purchases where external_id = :e").param("e", receiptNumber)
                .query(Long.class).single()).isZero();
        mvc.perform(get("/api/v1/members/{id}/points", member).with(apiKey())).andExpect(jsonPath("$.available").value(0));

        var receipt = record(body, 201);
        assertThat(quote.path("pointsToEarn").asLong()).isEqualTo(receipt.path("points").path("earned").asLong());
    }

    @Test
    void aBatchRecordsTheGoodPurchasesAndReportsTheBadOne() throws Exception {
        var card = "CARD-" + unique();
        enroll(card);
        var batch = "{\"purchases\": [%s, %s, %s]}".formatted(purchase("R-" + unique(), card, "5.00", bread("5.00")),
                "{\"externalId\": \"\", \"currency\": \"EURO\"}", purchase("R-" + unique(), card, "6.00", bread("6.00")));

        mvc.perform(post("/api/v1/purchases/batch").with(apiKey()).contentType(MediaType.APPLICATION_JSON).content(batch))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.created").value(2))
                .andExpect(jsonPath("$.failed").value(1))
                .andExpect(jsonPath("$.results[1].status").value(400))
                .andExpect(jsonPath("$.results[1].problem.errors[*].field", hasItem("currency")))
                .andExpect(jsonPath("$.results[2].purchase.points.earned").value(6));
    }

    @Test
    void aRefusedItemOfABatchLeavesNothingBehindAndTheOthersAreKept() throws Exception {
        var card = "CARD-" + unique();
        long member = enroll(card);
        var receiptNumber = "R-" + unique();
        var batch = "{\"purchases\": [%s, %s, %s]}".formatted(purchase(receiptNumber, card, "7.00", bread("7.00")),
                purchase(receiptNumber, card, "9.00", bread("9.00")), purchase("R-" + unique(), card, "3.00", bread("3.00")));

        mvc.perform(post("/api/v1/purchases/batch").with(apiKey()).contentType(MediaType.APPLICATION_JSON).content(batch))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.created").value(2))
                .andExpect(jsonPath("$.results[1].status").value(409));

        var balance = json.readTree(mvc.perform(get("/api/v1/members/{id}/points", member).with(apiKey()))
                .andReturn().getResponse().getContentAsString());
        assertThat(balance.path("available").asLong() + balance.path("pending").asLong()).isEqualTo(10);
        assertThat(jdbc.sql("select count(*) from purchases where member_id = :m").param("m", member)
                .query(Long.class).single()).isEqualTo(2);
        mvc.perform(get("/api/v1/ledger/reconciliation").with(apiKey())).andExpect(jsonPath("$.balanced").value(true));
    }

    @Test
    void badPurchasesAreRefusedFieldByFieldAndNeedTheScope() throws Exception {
        mvc.perform(post("/api/v1/purchases").with(apiKey()).contentType(MediaType.APPLICATION_JSON).content("""
                        {"externalId": "R-x", "occurredAt": "yesterday", "currency": "EURO", "totalAmount": -1,
                         "lines": [{"sku": "", "amount": -2}]}
                        """))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", hasItem("occurredAt")))
                .andExpect(jsonPath("$.errors[*].field", hasItem("currency")))
                .andExpect(jsonPath("$.errors[*].field", hasItem("totalAmount")))
                .andExpect(jsonPath("$.errors[*].field", hasItem("lines[0].sku")));
        mvc.perform(post("/api/v1/purchases").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isUnauthorized());
    }

    private long enroll(String card) throws Exception {
        var result = mvc.perform(post("/api/v1/members").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"cardNumber\": \"%s\"}".formatted(card))).andExpect(status().isCreated()).andReturn();
        return json.readTree(result.getResponse().getContentAsString()).path("id").asLong();
    }

    private JsonNode record(String body, int expectedStatus) throws Exception {
        return json.readTree(mvc.perform(post("/api/v1/purchases").with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().is(expectedStatus)).andReturn().getResponse().getContentAsString());
    }

    private String purchase(String externalId, String card, String total, String... lines) {
        return purchase(externalId, card, total, Instant.now().truncatedTo(ChronoUnit.SECONDS), lines);
    }

    private String purchase(String externalId, String card, String total, Instant occurredAt, String... lines) {
        return """
                {"externalId": "%s", "storeId": "%s", "channel": "POS", "cardNumber": "%s", "occurredAt": "%s",
                 "currency": "EUR", "totalAmount": "%s", "lines": [%s]}
                """.formatted(externalId, store, card, occurredAt, total, String.join(", ", lines));
    }

    private static String coffee(String amount) {
        return "{\"sku\": \"CAPPU\", \"category\": \"COFFEE\", \"quantity\": 1, \"amount\": \"%s\"}".formatted(amount);
    }

    private static String bread(String amount) {
        return "{\"sku\": \"BREAD\", \"category\": \"BAKERY\", \"quantity\": 2, \"amount\": \"%s\"}".formatted(amount);
    }

    private static JsonNode award(JsonNode receipt, long ruleId) {
        for (var award : receipt.path("awards")) {
            if (award.path("ruleId").asLong() == ruleId) {
                return award;
            }
        }
        throw new AssertionError("no award of rule " + ruleId + " in " + receipt);
    }

    private static long sumOfAwards(JsonNode receipt) {
        long sum = 0;
        for (var award : receipt.path("awards")) {
            sum += award.path("points").asLong();
        }
        return sum;
    }

    private long earnTransfers(long purchaseId) {
        return jdbc.sql("select count(*) from ledger_transfers where source_type = 'purchase' and source_id = :id and code = 'EARN'")
                .param("id", Long.toString(purchaseId)).query(Long.class).single();
    }
}
