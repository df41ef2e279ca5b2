package io.loyaltydesk.engagement;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.ledger.EntryCode;
import io.loyaltydesk.ledger.HistoryEntry;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.rules.RuleDefinition;
import io.loyaltydesk.rules.RuleDefinition.Effect;
import io.loyaltydesk.rules.RuleDefinition.Rounding;
import io.loyaltydesk.rules.RuleDefinition.RuleKind;
import io.loyaltydesk.rules.RuleStatus;
import io.loyaltydesk.rules.Rules;
import io.loyaltydesk.staff.Scope;
import io.loyaltydesk.staff.Stores;
import io.loyaltydesk.staff.internal.ApiKeys;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Engagement tests buy in a store of their own with a 1 point per EUR rule, enroll members through the API, and
 * start from the same referral settings (100 points for the referrer, 50 for the new member, a purchase of at
 * least 10.00 within 30 days, 5 rewarded referrals a month), put back afterwards with the clock.
 */
abstract class EngagementTestSupport extends IntegrationTest {

    static final ReferralSettings SETTINGS = new ReferralSettings(true, 100, 50, new BigDecimal("10.00"), 30, 5);

    @Autowired
    Referrals referrals;
    @Autowired
    Challenges challenges;
    @Autowired
    Rules rules;
    @Autowired
    Stores stores;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PointsLedger ledger;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    JsonMapper json;

    String store;
    final Map<Long, String> cards = new ConcurrentHashMap<>();

    @BeforeEach
    void aStoreAndTheReferralSettings() {
        referrals.updateSettings(SETTINGS, "test setup");
        store = "EN-" + unique();
        stores.add(store, "Engagement test store " + store, "Test", "Berlin", true);
        rules.create(new RuleDefinition("Base rate " + store, null, RuleKind.BASE_RATE, null,
                Effect.perAmount("1", "1.00", Rounding.FLOOR), null, null, null, null, null, List.of(store), 0, true,
                null), RuleStatus.ACTIVE);
    }

    @AfterEach
    void restore() {
        clock.set(Instant.now());
        referrals.updateSettings(SETTINGS, "test teardown");
        endRunningChallenges(challenges);
    }

    /**
     * Challenges are program-wide: one left running would give its points to members of other tests that buy
     * enough. Ended long ago, they award nothing more.
     */
    static void endRunningChallenges(Challenges challenges) {
        var longAgo = LocalDate.of(2000, 1, 1);
        for (var c : challenges.all()) {
            if (c.endsOn() == null || !c.endsOn().isBefore(challenges.today().minusDays(1))) {
                challenges.update(c.id(), new ChallengeDefinition(c.name(), c.description(), c.icon(), c.kind(),
                        c.target(), c.category(), longAgo, longAgo, c.rewardPoints()), "test done");
            }
        }
    }

    /** A new API key with just these scopes; returns its secret. */
    String createKey(Scope... scopes) {
        return apiKeys.create("engagement-test-" + unique(), EnumSet.copyOf(List.of(scopes)), "test").secret();
    }

    /** Enrolls a member by API; returns the id. */
    long enroll(String firstName, String email, String phone) throws Exception {
        var card = "CARD-" + unique();
        var body = json.createObjectNode().put("firstName", firstName).put("cardNumber", card);
        if (email != null) {
            body.put("email", email);
        }
        if (phone != null) {
            body.put("phone", phone);
        }
        var result = mvc.perform(post("/api/v1/members").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                .content(body.toString())).andExpect(status().isCreated()).andReturn();
        long id = json.readTree(result.getResponse().getContentAsString()).path("id").asLong();
        cards.put(id, card);
        return id;
    }

    long enroll(String firstName) throws Exception {
        return enroll(firstName, uniqueEmail(), null);
    }

    String cardOf(long memberId) {
        return cards.get(memberId);
    }

    /** Buys now (on the test clock) in the test store and waits until engagement has counted the purchase. */
    JsonNode buy(long memberId, String total, String category) throws Exception {
        var receipt = "R-" + unique();
        var body = """
                {"externalId": "%s", "storeId": "%s", "channel": "POS", "cardNumber": "%s", "occurredAt": "%s",
                 "currency": "EUR", "totalAmount": "%s", "lines": [{"sku": "SKU", "category": "%s", "quantity": 1, "amount": "%s"}]}
                """.formatted(receipt, store, cardOf(memberId), clock.instant(), total, category, total);
        var receiptJson = json.readTree(mvc.perform(post("/api/v1/purchases").with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
        long purchaseId = receiptJson.path("id").asLong();
        eventually(() -> counted(memberId, purchaseId));
        return receiptJson;
    }

    /** Returns part of a purchase and waits until engagement has counted the return. */
    void returnAmount(String receipt, String amount, long memberId, long purchaseId) throws Exception {
        mvc.perform(post("/api/v1/purchases/{id}/returns", receipt).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"externalId\": \"RET-%d\", \"amount\": %s}".formatted(unique(), amount)))
                .andExpect(status().isCreated());
        eventually(() -> jdbc.sql("select count(*) from engagement_returns where member_id = :m and purchase_id = :p")
                .param("m", memberId).param("p", purchaseId).query(Long.class).single() > 0);
    }

    boolean counted(long memberId, long purchaseId) {
        // the referral check runs in the same transaction as the copy, so the copy proves both are done
        return jdbc.sql("select count(*) from engagement_purchases where member_id = :m and purchase_id = :p")
                .param("m", memberId).param("p", purchaseId).query(Long.class).single() > 0;
    }

    /** The member's earnings from one kind of source (referral, badge, surprise), as their history shows them. */
    List<HistoryEntry> earnings(long memberId, String sourceType) {
        return ledger.history(memberId, null, 200, false).items().stream()
                .filter(e -> e.code() == EntryCode.EARN && sourceType.equals(e.sourceType())).toList();
    }

    long pointsFrom(long memberId, String sourceType) {
        return earnings(memberId, sourceType).stream().mapToLong(HistoryEntry::points).sum();
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
