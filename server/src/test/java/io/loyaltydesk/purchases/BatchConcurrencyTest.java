package io.loyaltydesk.purchases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.rules.RuleDefinition.Effect;
import io.loyaltydesk.rules.RuleDefinition.Rounding;
import io.loyaltydesk.rules.RuleDefinition;
import io.loyaltydesk.rules.RuleDefinition.RuleKind;
import io.loyaltydesk.rules.RuleStatus;
import io.loyaltydesk.rules.Rules;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.Stores;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two batches at once for the same members, one in the other's reverse order: before batches queued, they took the
 * program's shared accounts in opposite orders and PostgreSQL killed one of them as a deadlock (the API then fell
 * back to one transaction per purchase). Each batch must go through whole, in its own single transaction.
 */
class BatchConcurrencyTest extends IntegrationTest {

    @Autowired
    Purchases purchases;
    @Autowired
    Stores stores;
    @Autowired
    Rules rules;
    @Autowired
    JsonMapper json;

    @Test
    void concurrentBatchesOverTheSameMembersBothCommitWhole() throws Exception {
        var store = "BT-" + unique();
        stores.add(store, "Batch store " + store, "Test", "Berlin", true);
        rules.create(new RuleDefinition("Base rate " + store, null, RuleKind.BASE_RATE, null,
                Effect.perAmount("1", "1.00", Rounding.FLOOR), null, null, null, null, null, List.of(store), 0, true,
                null), RuleStatus.ACTIVE);
        var cards = new ArrayList<String>();
        var members = new ArrayList<Long>();
        for (int i = 0; i < 40; i++) {
            var card = "BATCH-" + unique();
            cards.add(card);
            members.add(enroll(card));
        }
        var forwards = batch(cards, store, "F");
        var reversed = new ArrayList<>(cards);
        Collections.reverse(reversed);
        var backwards = batch(reversed, store, "B");

        List<Callable<List<Purchases.BatchOutcome>>> calls = List.of(
                () -> Actor.callAs(Actor.system("test"), () -> purchases.recordAll(forwards, "test")),
                () -> Actor.callAs(Actor.system("test"), () -> purchases.recordAll(backwards, "test")));
        try (var pool = Executors.newFixedThreadPool(2)) {
            // a deadlock would end one of the two calls with an exception here
            for (var future : pool.invokeAll(calls)) {
                assertThat(future.get()).hasSize(cards.size()).allSatisfy(o -> assertThat(o.refused()).isNull());
            }
        }
    }

    private List<PurchaseRequest> batch(List<String> cards, String store, String prefix) {
        var at = Instant.now().minusSeconds(30).toString();
        var requests = new ArrayList<PurchaseRequest>();
        for (var card : cards) {
            requests.add(new PurchaseRequest(prefix + "-" + unique(), store, "POS", null, card, null, null, at, "EUR",
                    new BigDecimal("20.00"), List.of(new PurchaseRequest.Line("SKU-1", "BAKERY", BigDecimal.ONE,
                            new BigDecimal("20.00"), new BigDecimal("20.00")))));
        }
        return requests;
    }

    private long enroll(String card) throws Exception {
        var result = mvc.perform(post("/api/v1/members").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"cardNumber\": \"%s\"}".formatted(card))).andExpect(status().isCreated()).andReturn();
        return json.readTree(result.getResponse().getContentAsString()).path("id").asLong();
    }
}
