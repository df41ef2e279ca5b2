package io.loyaltydesk.purchases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.rules.RuleDefinition;
import io.loyaltydesk.rules.RuleDefinition.Caps;
import io.loyaltydesk.rules.RuleDefinition.Effect;
import io.loyaltydesk.rules.RuleDefinition.Rounding;
import io.loyaltydesk.rules.RuleDefinition.RuleKind;
import io.loyaltydesk.rules.RuleStatus;
import io.loyaltydesk.rules.Rules;
import io.loyaltydesk.staff.Stores;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch is written with a constant number of set-based statements, but must answer exactly what recording its
 * items one after the other would: the same points, awards, explanations and balances per item, with the earlier
 * purchases of the same member in the batch counted for first-purchase and visit rules and for caps, repeated
 * receipt numbers answered as retries or conflicts, and a member who owes points paying the debt back first.
 * The same purchases go once through the batch (members A) and once one by one (members B).
 */
class BatchEquivalenceTest extends IntegrationTest {

    @Autowired
    Rules rules;
    @Autowired
    Stores stores;
    @Autowired
    PointsLedger ledger;
    @Autowired
    JsonMapper json;

    @Test
    void aBatchAnswersWhatItsItemsOneByOneWould() throws Exception {
        var store = "BE-" + unique();
        stores.add(store, "Test store " + store, "Test", "Berlin", true);
        rule(store, "Base", RuleKind.BASE_RATE, null, Effect.perAmount("1", "1.00", Rounding.FLOOR), null, null);
        rule(store, "Welcome", RuleKind.FIRST_PURCHASE, null, Effect.fixed(100), null, null);
        rule(store, "Third visit", RuleKind.NTH_VISIT, null, Effect.fixed(30), 3, null);
        rule(store, "Big basket", RuleKind.CUSTOM, "purchase.total >= 10.0", Effect.fixed(5), null,
                new Caps(null, 10L, null, null));
        rule(store, "Bakery", RuleKind.CATEGORY_BONUS, null,
                Effect.perLine("1", "1.00", Rounding.HALF_UP, List.of("BAKERY"), null), null,
                new Caps(null, null, 25L, null));

        // 08:00 UTC, so that the first hours' purchases fall on one day (the daily cap) whenever the test runs
        var t0 = Instant.now().minus(Duration.ofDays(40)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(8));
        // members A go through the batch, members B one by one; the second of each pair owes points
        var a1 = "A1-" + unique();
        var a2 = "A2-" + unique();
        var b1 = "B1-" + unique();
        var b2 = "B2-" + unique();
        for (var card : List.of(a1, a2, b1, b2)) {
            enroll(card);
        }
        long debtA = owe(a2, store, t0.minus(Duration.ofDays(2)));
        long debtB = owe(b2, store, t0.minus(Duration.ofDays(2)));
        assertThat(debtA).isNegative().isEqualTo(debtB);

        var tag = unique();
        Function<String, List<String>> items = side -> {
            var one = "A".equals(side) ? a1 : b1;
            var two = "A".equals(side) ? a2 : b2;
            var id = side + tag + "-";
            return List.of(
                    body(id + 1, one, store, t0.plus(Duration.ofHours(2)), "12.00"),
                    body(id + 2, one, store, t0.plus(Duration.ofHours(1)), "11.00"), // earlier than the first
                    body(id + 3, two, store, t0.plus(Duration.ofHours(1)), "8.00"),
                    body(id + 4, one, store, t0.plus(Duration.ofHours(3)), "15.00"),
                    body(id + 4, one, store, t0.plus(Duration.ofHours(3)), "15.00"), // a retry of the one before
                    body(id + 2, one, store, t0.plus(Duration.ofHours(1)), "99.00"), // same number, other content
                    body(id + 5, one, store, null, "15.00"), // invalid: no time
                    body(id + 6, one, store, t0.plus(Duration.ofDays(1)), "20.00"),
                    body(id + 7, two, store, t0.plus(Duration.ofDays(1)), "40.00"),
                    body(id + 8, "NO-SUCH-CARD-" + tag, store, t0.plus(Duration.ofDays(1)), "9.00"),
                    body(id + 9, one, store, t0.plus(Duration.ofDays(1).plusHours(1)), "9.00"),
                    body(id + 10, one, store, t0.plus(Duration.ofDays(2)), "30.00"),
                    body(id + 11, two, store, t0.plus(Duration.ofDays(2)), "30.00"));
        };

        var batch = json.readTree(mvc.perform(post("/api/v1/purchases/batch").with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"purchases\": [" + String.join(", ", items.apply("A")) + "]}"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        var single = new ArrayList<JsonNode>();
        var singleStatus = new ArrayList<Integer>();
        for (var item : items.apply("B")) {
            var response = mvc.perform(post("/api/v1/purchases").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                    .content(item)).andReturn().getResponse();
            singleStatus.add(response.getStatus());
            single.add(json.readTree(response.getContentAsString()));
        }

        var results = batch.path("results");
        assertThat(results.size()).isEqualTo(single.size());
        assertThat(singleStatus).containsExactly(201, 201, 201, 201, 200, 409, 400, 201, 201, 201, 201, 201, 201);
        for (int i = 0; i < single.size(); i++) {
            var mine = results.get(i);
            assertThat(mine.path("status").asInt()).as("status of item %d", i).isEqualTo(singleStatus.get(i));
            if (singleStatus.get(i) >= 300) {
                assertThat(mine.path("problem").path("type").asString()).as("problem of item %d", i)
                        .isEqualTo(single.get(i).path("type").asString());
                continue;
            }
            var receipt = mine.path("purchase");
            var expected = single.get(i);
            assertThat(receipt.path("points")).as("points of item %d", i).isEqualTo(expected.path("points"));
            assertThat(receipt.path("balance")).as("balance after item %d", i).isEqualTo(expected.path("balance"));
            assertThat(awards(receipt)).as("awards of item %d", i).isEqualTo(awards(expected));
        }
        // the rules that depend on the earlier purchases of the batch did decide something
        assertThat(awards(results.get(0).path("purchase"))).anyMatch(a -> a.startsWith("Welcome"));
        assertThat(awards(results.get(3).path("purchase"))).anyMatch(a -> a.startsWith("Third visit"))
                .noneMatch(a -> a.startsWith("Big basket")); // its day's cap was used by the first two
        assertThat(results.get(4).path("purchase").path("id").asLong())
                .isEqualTo(results.get(3).path("purchase").path("id").asLong());

        for (var pair : List.of(List.of(a1, b1), List.of(a2, b2))) {
            assertThat(points(pair.get(0))).isEqualTo(points(pair.get(1)));
        }
        mvc.perform(get("/api/v1/ledger/reconciliation").with(apiKey())).andExpect(jsonPath("$.balanced").value(true));
    }

    /** A list of the receipt's awards as "rule name (without the store): points: explanation", in order. */
    private static List<String> awards(JsonNode receipt) {
        var awards = new ArrayList<String>();
        receipt.path("awards").forEach(a -> awards.add(a.path("ruleName").asString().replaceAll(" BE-\\d+$", "")
                + ": " + a.path("points").asLong() + ": " + a.path("explanation").asString()));
        return awards;
    }

    private void rule(String store, String name, RuleKind kind, String condition, Effect effect, Integer visit,
            Caps caps) {
        rules.create(new RuleDefinition(name + " " + store, null, kind, condition, effect, visit, null, null, null,
                null, List.of(store), 0, true, caps), RuleStatus.ACTIVE);
    }

    /** Earns the member points on an old purchase, spends them all, returns the purchase: a debt. */
    private long owe(String card, String store, Instant at) throws Exception {
        var receiptNumber = "D-" + unique();
        var receipt = json.readTree(mvc.perform(post("/api/v1/purchases").with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content(body(receiptNumber, card, store, at, "50.00")))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
        long member = receipt.path("memberId").asLong();
        long available = points(card).path("available").asLong();
        ledger.confirm(ledger.reserve(member, available, "spent " + receiptNumber).id());
        mvc.perform(post("/api/v1/purchases/{id}/returns", receiptNumber).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"externalId\": \"RET-%d\", \"amount\": 50.00}".formatted(unique())))
                .andExpect(status().isCreated());
        return points(card).path("debt").asLong();
    }

    private final java.util.Map<String, Long> memberOfCard = new java.util.HashMap<>();

    private void enroll(String card) throws Exception {
        var result = mvc.perform(post("/api/v1/members").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"cardNumber\": \"%s\"}".formatted(card))).andExpect(status().isCreated()).andReturn();
        memberOfCard.put(card, json.readTree(result.getResponse().getContentAsString()).path("id").asLong());
    }

    private JsonNode points(String card) throws Exception {
        var balance = json.readTree(mvc.perform(get("/api/v1/members/{id}/points", memberOfCard.get(card))
                .with(apiKey())).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        var relevant = json.createObjectNode();
        for (var field : List.of("available", "pending", "reserved", "debt", "lifetimeEarned", "lifetimeRedeemed")) {
            relevant.set(field, balance.path(field));
        }
        return relevant;
    }

    private static String body(String externalId, String card, String store, Instant at, String total) {
        return """
                {"externalId": "%s", "storeId": "%s", "channel": "POS", "cardNumber": "%s", %s
                 "currency": "EUR", "totalAmount": "%s", "lines": [
                   {"sku": "BREAD", "category": "BAKERY", "quantity": 1, "amount": "%s"}]}
                """.formatted(externalId, store, card, at == null ? "" : "\"occurredAt\": \"" + at + "\",", total,
                total);
    }
}
