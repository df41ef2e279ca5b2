package io.loyaltydesk.purchases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.SqlCounter;
import io.loyaltydesk.engagement.BadgeIcon;
import io.loyaltydesk.engagement.ChallengeDefinition;
import io.loyaltydesk.engagement.ChallengeKind;
import io.loyaltydesk.engagement.Challenges;
import io.loyaltydesk.rules.RuleDefinition;
import io.loyaltydesk.rules.RuleDefinition.Caps;
import io.loyaltydesk.rules.RuleDefinition.Effect;
import io.loyaltydesk.rules.RuleDefinition.Rounding;
import io.loyaltydesk.rules.RuleDefinition.RuleKind;
import io.loyaltydesk.rules.RuleStatus;
import io.loyaltydesk.rules.Rules;
import io.loyaltydesk.staff.Stores;
import io.loyaltydesk.tiers.TierDefinition;
import io.loyaltydesk.tiers.Tiers;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * How many SQL round trips one purchase and one balance read cost: the figure the throughput of the intake
 * depends on (see docs/performance.md). Counted on a DataSource that notes every statement, with rules that need
 * the member's history (a first-purchase bonus, a capped bonus), so nothing is skipped that a real program needs.
 */
@Import(SqlCounter.Configuration.class)
class PurchaseStatementsTest extends IntegrationTest {

    /**
     * Round trips of one purchase on the request thread; was about 40 before the grouped writes, 11 with one event
     * publication per listening module.
     */
    static final int PURCHASE_MAX = 9;
    /**
     * Round trips of the follow-ups of one purchase after it committed: tiers, coupons, engagement (challenges and
     * referrals) and messaging (the points-earned notice), all in one transaction with one event publication (its
     * status updates included); was about 22 with a transaction and a publication per module, 21 before the
     * engagement and coupon follow-ups lost their second reads.
     */
    static final int LISTENERS_MAX = 15;
    static final int BALANCE_MAX = 3;
    /**
     * Round trips of a batch on the request thread, whatever its size: set-based statements for all its purchases
     * (was 63 for a batch of 10, about 6 per purchase).
     */
    static final int BATCH_MAX = 10;
    /**
     * Round trips of the follow-ups of a whole batch, however many purchases and members it has: each follow-up
     * takes the batch set-based (ADR 0019); was 12 to 14 per purchase (about 123 for a batch of 10, 1,300 for
     * 100) with each follow-up running its statements purchase by purchase.
     */
    static final int BATCH_FOLLOW_UPS_MAX = 40;

    @Autowired
    Rules rules;
    @Autowired
    Stores stores;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;
    @Autowired
    Tiers tiers;
    @Autowired
    Challenges challenges;

    private String store;

    @BeforeEach
    void storeWithRules() {
        store = "ST-" + unique();
        stores.add(store, "Test store " + store, "Test", "Berlin", true);
        create(new RuleDefinition("Base rate " + store, null, RuleKind.BASE_RATE, null,
                Effect.perAmount("1", "1.00", Rounding.FLOOR), null, null, null, null, null, List.of(store), 0, true,
                null));
        create(new RuleDefinition("Bakery " + store, null, RuleKind.CATEGORY_BONUS, null,
                Effect.perLine("1", "1.00", Rounding.FLOOR, List.of("BAKERY"), null), null, null, null, null, null,
                List.of(store), 5, true, null));
        create(new RuleDefinition("Welcome " + store, null, RuleKind.FIRST_PURCHASE, null, Effect.fixed(100), null,
                null, null, null, null, List.of(store), 0, true, null));
        create(new RuleDefinition("Big basket " + store, null, RuleKind.CUSTOM, "purchase.total >= 10.0",
                Effect.fixed(5), null, null, null, null, null, List.of(store), 0, true, new Caps(null, 10L, null, null)));
    }

    private void create(RuleDefinition rule) {
        rules.create(rule, RuleStatus.ACTIVE);
    }

    @Test
    void aPurchaseCostsAFewRoundTrips() throws Exception {
        var card = "CARD-" + unique();
        long member = enroll(card);
        record(card, "12.00", Instant.now().minusSeconds(60)); // warms the caches (API key, settings, rules)
        awaitListeners();

        SqlCounter.start();
        var receipt = record(card, "15.00");
        awaitListeners();
        var executed = SqlCounter.stop();

        var test = Thread.currentThread().getName();
        var request = executed.stream().filter(e -> e.thread().equals(test))
                .filter(e -> !e.sql().contains("completion_date is null")).toList(); // awaitListeners' own query
        var listeners = executed.stream().filter(e -> !e.thread().equals(test)).toList();
        System.out.printf("purchase: %d round trips on the request thread, %d by listeners%n%s%n--%n%s%n",
                request.size(), listeners.size(), text(request), text(listeners));
        assertThat(receipt).contains("\"earned\":35"); // 15 base + 15 bakery + 5 big basket, no welcome bonus
        assertThat(request).hasSizeLessThanOrEqualTo(PURCHASE_MAX);
        assertThat(request).filteredOn(e -> e.sql().startsWith("INSERT INTO EVENT_PUBLICATION")).hasSize(1);
        assertThat(listeners).hasSizeLessThanOrEqualTo(LISTENERS_MAX);

        SqlCounter.start();
        mvc.perform(get("/api/v1/members/{id}/points", member).with(apiKey())).andExpect(status().isOk());
        var balance = SqlCounter.stop().stream().filter(e -> e.thread().equals(test)).toList();
        System.out.printf("balance: %d round trips%n%s%n", balance.size(), text(balance));
        assertThat(balance).hasSizeLessThanOrEqualTo(BALANCE_MAX);
    }

    @Test
    void aBatchCostsAFewStatementsWhateverItsSizeAndOneCommit() throws Exception {
        var card = "CARD-" + unique();
        enroll(card);
        record(card, "12.00");
        awaitListeners();
        var items = new java.util.ArrayList<String>();
        for (int i = 0; i < 10; i++) {
            items.add(body(card, "11.00"));
        }

        SqlCounter.start();
        var answer = mvc.perform(post("/api/v1/purchases/batch").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"purchases\": [" + String.join(", ", items) + "]}")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        awaitListeners();
        var test = Thread.currentThread().getName();
        var all = SqlCounter.stop();
        var executed = all.stream().filter(e -> e.thread().equals(test))
                .filter(e -> !e.sql().contains("completion_date is null")).toList();
        var listeners = all.stream().filter(e -> !e.thread().equals(test)).toList();

        System.out.printf("batch of 10: %d round trips, %d by listeners%n%s%n--%n%s%n", executed.size(),
                listeners.size(), text(executed), text(listeners));
        assertThat(json.readTree(answer).path("created").asInt()).isEqualTo(10);
        assertThat(executed).hasSizeLessThanOrEqualTo(BATCH_MAX);
        // the batch's card numbers are looked up in one query, not one per purchase
        assertThat(executed).filteredOn(e -> e.sql().contains("from member_identifiers i join members m")).hasSize(1);
        // the batch is published once, and its follow-ups commit once
        assertThat(executed).filteredOn(e -> e.sql().startsWith("INSERT INTO EVENT_PUBLICATION")).hasSize(1);
        assertThat(listeners).hasSizeLessThanOrEqualTo(BATCH_FOLLOW_UPS_MAX);
    }

    @Test
    void aBatchIsFollowedUpInAFewStatementsWhateverItsSize() throws Exception {
        // every follow-up has work: tiers to measure against, a challenge each purchase completes (no points, so
        // that no booking per member is counted), an inbox notice and an email per purchase. The tiers are this
        // test's own, with the upgrade out of reach whatever the program's metric: an upgrade's event has
        // listeners of its own, one run per member, which would be counted here
        var tiersBefore = tiers.all();
        jdbc.sql("delete from tiers").update();
        tiers.create(new TierDefinition("BASE", "Member", 0, "#8A8F98", "Points", null, BigDecimal.ZERO));
        tiers.create(new TierDefinition("SILVER", "Silver", 1, "#A7B1BC", "More", null, new BigDecimal("1000000")));
        var today = challenges.today();
        var challenge = challenges.create(new ChallengeDefinition("First visit " + store, null, BadgeIcon.STAR,
                ChallengeKind.VISITS, BigDecimal.ONE, null, today, null, 0));
        try {
            var small = batchFollowUps(10);
            var large = batchFollowUps(50);
            System.out.printf("follow-ups of a batch: %d round trips for 10 members, %d for 50%n%s%n", small.size(),
                    large.size(), text(large));
            assertThat(small).hasSizeLessThanOrEqualTo(BATCH_FOLLOW_UPS_MAX);
            assertThat(large).as("independent of the batch's size").hasSameSizeAs(small);
            assertThat(jdbc.sql("select count(*) from earned_badges where challenge_id = :c")
                    .param("c", challenge.id()).query(Long.class).single()).as("the challenge was counted").isEqualTo(60);
        } finally {
            var longAgo = java.time.LocalDate.of(2000, 1, 1);
            challenges.update(challenge.id(), new ChallengeDefinition(challenge.name(), null, BadgeIcon.STAR,
                    ChallengeKind.VISITS, BigDecimal.ONE, null, longAgo, longAgo, 0), "test done");
            jdbc.sql("delete from tiers").update();
            for (var t : tiersBefore) {
                tiers.create(new TierDefinition(t.code(), t.name(), t.rank(), t.colour(), t.benefits(),
                        t.earnMultiplierHint(), t.threshold()));
            }
        }
    }

    /**
     * The round trips of the follow-ups of one batch of {@code members} purchases, one per member, each member
     * with an email address and consent (so the notice goes to the inbox and the email outbox).
     */
    private List<SqlCounter.Executed> batchFollowUps(int members) throws Exception {
        var items = new java.util.ArrayList<String>();
        for (int i = 0; i < members; i++) {
            var card = "CARD-" + unique();
            var body = json.createObjectNode().put("cardNumber", card).put("email", uniqueEmail());
            body.putObject("consents").put("EMAIL", true);
            mvc.perform(post("/api/v1/members").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                    .content(body.toString())).andExpect(status().isCreated());
            items.add(body(card, "1.00"));
        }
        awaitListeners();

        SqlCounter.start();
        mvc.perform(post("/api/v1/purchases/batch").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"purchases\": [" + String.join(", ", items) + "]}")).andExpect(status().isOk());
        awaitListeners();
        var test = Thread.currentThread().getName();
        return SqlCounter.stop().stream().filter(e -> !e.thread().equals(test)).toList();
    }

    private static String text(List<SqlCounter.Executed> executed) {
        return executed.stream().map(e -> "  " + e.sql().replaceAll("\\s+", " ")).collect(Collectors.joining("\n"));
    }

    /** Waits until the outbox holds no incomplete publication (the listeners ran). */
    private void awaitListeners() throws InterruptedException {
        var until = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(until)) {
            Thread.sleep(200);
            long open = jdbc.sql("select count(*) from event_publication where completion_date is null")
                    .query(Long.class).single();
            if (open == 0) {
                Thread.sleep(200);
                return;
            }
        }
        throw new AssertionError("listeners did not finish");
    }

    private long enroll(String card) throws Exception {
        var result = mvc.perform(post("/api/v1/members").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"cardNumber\": \"%s\"}".formatted(card))).andExpect(status().isCreated()).andReturn();
        return json.readTree(result.getResponse().getContentAsString()).path("id").asLong();
    }

    private String record(String card, String total) throws Exception {
        return record(card, total, Instant.now());
    }

    private String record(String card, String total, Instant at) throws Exception {
        return mvc.perform(post("/api/v1/purchases").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                .content(body(card, total, at))).andExpect(status().isCreated()).andReturn().getResponse()
                .getContentAsString();
    }

    private String body(String card, String total) {
        return body(card, total, Instant.now());
    }

    private String body(String card, String total, Instant at) {
        return """
                {"externalId": "R-%d", "storeId": "%s", "channel": "POS", "cardNumber": "%s", "occurredAt": "%s",
                 "currency": "EUR", "totalAmount": "%s", "lines": [
                   {"sku": "BREAD", "category": "BAKERY", "quantity": 1, "amount": "%s"}]}
                """.formatted(unique(), store, card, at.truncatedTo(ChronoUnit.SECONDS), total, total);
    }
}
