package io.loyaltydesk.cards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.members.IdentifierKind;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CheckDigits;
import io.loyaltydesk.staff.Role;
import io.loyaltydesk.staff.Scope;
import io.loyaltydesk.staff.internal.ApiKeys;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CardsApiTest extends IntegrationTest {

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Members members;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    Cards cardService;

    @Test
    void aReplacedCardGetsANewLuhnNumberThatFindsTheSameMember() throws Exception {
        var card = "CARD-" + unique();
        long id = enroll(card);

        var replacement = json(mvc.perform(post("/api/v1/members/{id}/cards/{n}/replace", id, card).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"lost\", \"comment\": \"on the train\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.replaced.number").value(card))
                .andExpect(jsonPath("$.replaced.status").value("REPLACED"))
                .andExpect(jsonPath("$.replaced.blockReason").value("LOST"))
                .andExpect(jsonPath("$.issued.status").value("ACTIVE"))
                .andExpect(jsonPath("$.issued.replaces").value(card)));
        var issued = replacement.path("issued").path("number").asString();
        assertThat(issued).matches("MR\\d{10}");
        assertThat(CheckDigits.luhnValid(issued.substring(2))).isTrue();
        assertThat(replacement.path("replaced").path("replacedBy").asString()).isEqualTo(issued);

        assertThat(purchase(issued).path("memberId").asLong()).isEqualTo(id);
        assertThat(members.get(new io.loyaltydesk.members.MemberId(id)).all(IdentifierKind.CARD)).containsExactly(issued);
        mvc.perform(get("/api/v1/members/{id}/cards", id).with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(2)))
                .andExpect(jsonPath("$[0].number").value(issued))
                .andExpect(jsonPath("$[0].status").value("ACTIVE"))
                .andExpect(jsonPath("$[1].number").value(card))
                .andExpect(jsonPath("$[1].status").value("REPLACED"))
                .andExpect(jsonPath("$[1].comment").value("on the train"));
    }

    @Test
    void aBlockedCardFindsNobodyAndItsPurchasesWaitUnassigned() throws Exception {
        var card = "CARD-" + unique();
        long id = enroll(card);
        assertThat(purchase(card).path("memberId").asLong()).isEqualTo(id);

        mvc.perform(post("/api/v1/members/{id}/cards/{n}/block", id, card).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"STOLEN\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("BLOCKED"))
                .andExpect(jsonPath("$.blockReason").value("STOLEN"))
                .andExpect(jsonPath("$.blockedBy").isString());

        var receipt = purchase(card);
        assertThat(receipt.path("memberId").isNull()).isTrue();
        assertThat(receipt.path("assigned").asBoolean()).isFalse();
        mvc.perform(get("/api/v1/members").param("card", card).with(apiKey()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.items", hasSize(0)));
        assertThat(members.findBy(IdentifierKind.CARD, card)).isEmpty();
        // the member is still there, by the member number, with no card at all
        mvc.perform(get("/api/v1/members/{id}", id).with(apiKey()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.cardNumbers", hasSize(0)));
        // and the number is never given to anyone else
        mvc.perform(post("/api/v1/members").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"cardNumber\": \"%s\"}".formatted(card)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("/problems/identifier-retired"));
    }

    @Test
    void retriesChangeNothingTwice() throws Exception {
        var card = "CARD-" + unique();
        long id = enroll(card);
        var block = "{\"reason\": \"DAMAGED\"}";
        mvc.perform(post("/api/v1/members/{id}/cards/{n}/block", id, card).with(apiKey())
                .contentType(MediaType.APPLICATION_JSON).content(block)).andExpect(status().isOk());
        mvc.perform(post("/api/v1/members/{id}/cards/{n}/block", id, card).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content(block))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("BLOCKED"));
        assertThat(audits(id, "card.blocked")).isEqualTo(1);

        // replacing the blocked card needs no reason; a retry, with or without a key, gets the same new card
        var key = "replace-" + unique();
        var first = json(mvc.perform(post("/api/v1/members/{id}/cards/{n}/replace", id, card).with(apiKey())
                .header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isOk()));
        var issued = first.path("issued").path("number").asString();
        mvc.perform(post("/api/v1/members/{id}/cards/{n}/replace", id, card).with(apiKey())
                        .header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.issued.number").value(issued));
        mvc.perform(post("/api/v1/members/{id}/cards/{n}/replace", id, card).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"LOST\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.issued.number").value(issued));
        // a different physical card for an already replaced one is a conflict, not a second card
        mvc.perform(post("/api/v1/members/{id}/cards/{n}/replace", id, card).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"newNumber\": \"OTHER-%d\"}".formatted(unique())))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("/problems/card-already-replaced"));
        assertThat(audits(id, "card.replaced")).isEqualTo(1);
        mvc.perform(get("/api/v1/members/{id}/cards", id).with(apiKey())).andExpect(jsonPath("$", hasSize(2)));
    }

    @Test
    void staffCanHandOverAPrintedCard() throws Exception {
        var card = "CARD-" + unique();
        long id = enroll(card);
        var printed = "PRINTED-" + unique();
        mvc.perform(post("/api/v1/members/{id}/cards/{n}/replace", id, card).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"DAMAGED\", \"newNumber\": \" %s \"}".formatted(printed)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.issued.number").value(printed));
        assertThat(purchase(printed).path("memberId").asLong()).isEqualTo(id);
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() throws Exception {
        var card = "CARD-" + unique();
        long id = enroll(card);
        var other = "CARD-" + unique();
        long otherId = enroll(other);

        mvc.perform(post("/api/v1/members/{id}/cards/{n}/block", id, card).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"misplaced\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
        mvc.perform(post("/api/v1/members/{id}/cards/{n}/block", id, card).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
        // in the program's format but with a wrong check digit: a typo
        var body = "123456789";
        var wrongDigit = (CheckDigits.luhnDigit(body) + 1) % 10;
        mvc.perform(post("/api/v1/members/{id}/cards/{n}/replace", id, card).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"LOST\", \"newNumber\": \"MR%s%d\"}".formatted(body, wrongDigit)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("newNumber"));
        mvc.perform(post("/api/v1/members/{id}/cards/{n}/replace", id, card).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"LOST\", \"newNumber\": \"%s\"}".formatted(other)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("/problems/identifier-taken"));
        // someone else's card is not this member's to block
        mvc.perform(post("/api/v1/members/{id}/cards/{n}/block", id, other).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"LOST\"}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("/problems/not-found"));
        mvc.perform(post("/api/v1/members/{id}/cards/{n}/block", Long.MAX_VALUE, card).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"LOST\"}"))
                .andExpect(status().isNotFound());

        mvc.perform(get("/api/v1/members/{id}/cards", id).with(apiKey()))
                .andExpect(jsonPath("$", hasSize(1))).andExpect(jsonPath("$[0].status").value("ACTIVE"));
        mvc.perform(get("/api/v1/members/{id}/cards", otherId).with(apiKey()))
                .andExpect(jsonPath("$", hasSize(1))).andExpect(jsonPath("$[0].status").value("ACTIVE"));
        assertThat(audits(id, "card.blocked") + audits(otherId, "card.blocked")).isZero();
    }

    @Test
    void onlyKeysThatMayWriteMembersBlockCards() throws Exception {
        var card = "CARD-" + unique();
        long id = enroll(card);
        var readOnly = apiKeys.create("cards-read-" + unique(), Set.of(Scope.MEMBERS_READ), "test").secret();
        mvc.perform(get("/api/v1/members/{id}/cards", id).with(apiKey(readOnly))).andExpect(status().isOk());
        mvc.perform(post("/api/v1/members/{id}/cards/{n}/block", id, card).with(apiKey(readOnly))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"LOST\"}"))
                .andExpect(status().isForbidden());
        var purchasesOnly = apiKeys.create("cards-pos-" + unique(), Set.of(Scope.PURCHASES_WRITE), "test").secret();
        mvc.perform(get("/api/v1/members/{id}/cards", id).with(apiKey(purchasesOnly))).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/members/{id}/cards", id)).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/members/{id}/cards", id).with(apiKey()))
                .andExpect(jsonPath("$[0].status").value("ACTIVE"));
    }

    @Test
    void theConsoleListsCardsAndLetsStaffButNotReadOnlyReplaceThem() throws Exception {
        var card = "CARD-" + unique();
        long id = enroll(card);
        mvc.perform(get("/console/members/{id}/cards", id).with(staff(Role.READ_ONLY)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString(card)))
                .andExpect(content().string(Matchers.not(Matchers.containsString("/replace"))));
        mvc.perform(post("/console/members/{id}/cards/{n}/replace", id, card).param("reason", "LOST")
                        .with(staff(Role.READ_ONLY)).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/console/members/{id}/cards/{n}/replace", id, card).param("reason", "oops")
                        .with(staff(Role.STORE_STAFF)).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("actionError", "reason: must be one of LOST, STOLEN, DAMAGED"));
        mvc.perform(post("/console/members/{id}/cards/{n}/replace", id, card).param("reason", "LOST")
                        .param("newNumber", "").with(staff(Role.STORE_STAFF)).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flash", Matchers.startsWith("Card " + card + " is replaced by card MR")));
        mvc.perform(get("/console/members/{id}/cards", id).with(staff(Role.AGENT)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Replaced")))
                .andExpect(content().string(Matchers.containsString("/block")));
    }

    @Test
    void aMergeTakesTheCardsAndTheirHistoryToTheSurvivor() throws Exception {
        var kept = "CARD-" + unique();
        long survivor = enroll(kept);
        var lost = "CARD-" + unique();
        long duplicate = enroll(lost);
        mvc.perform(post("/api/v1/members/{id}/cards/{n}/block", duplicate, lost).with(apiKey())
                .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"LOST\"}")).andExpect(status().isOk());
        mvc.perform(post("/api/v1/members/{id}/merge", survivor).with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"duplicateId\": %d, \"reason\": \"same person\"}".formatted(duplicate)))
                .andExpect(status().isOk());

        // the history moves after the merge committed
        var deadline = System.nanoTime() + 20_000_000_000L;
        while (cards(survivor).size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        mvc.perform(get("/api/v1/members/{id}/cards", survivor).with(apiKey()))
                .andExpect(jsonPath("$", hasSize(2)))
                .andExpect(jsonPath("$[0].number").value(kept))
                .andExpect(jsonPath("$[0].status").value("ACTIVE"))
                .andExpect(jsonPath("$[1].number").value(lost))
                .andExpect(jsonPath("$[1].status").value("BLOCKED"));
        assertThat(purchase(lost).path("memberId").isNull()).isTrue();
    }

    private java.util.List<Card> cards(long memberId) {
        return cardService.ofMember(new io.loyaltydesk.members.MemberId(memberId));
    }

    private long enroll(String card) throws Exception {
        return json(mvc.perform(post("/api/v1/members").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"firstName\": \"Card\", \"cardNumber\": \"%s\"}".formatted(card)))
                .andExpect(status().isCreated())).path("id").asLong();
    }

    private JsonNode purchase(String card) throws Exception {
        return json(mvc.perform(post("/api/v1/purchases").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"externalId": "CR-%d", "channel": "POS", "cardNumber": "%s", "occurredAt": "%s",
                         "currency": "EUR", "totalAmount": "4.20",
                         "lines": [{"sku": "CAPPU", "category": "COFFEE", "quantity": 1, "amount": "4.20"}]}
                        """.formatted(unique(), card, Instant.now().truncatedTo(ChronoUnit.SECONDS))))
                .andExpect(status().isCreated()));
    }

    private long audits(long memberId, String action) {
        return jdbc.sql("select count(*) from audit_log where entity_type = 'member' and entity_id = :id and action = :a")
                .param("id", Long.toString(memberId)).param("a", action).query(Long.class).single();
    }

    private JsonNode json(org.springframework.test.web.servlet.ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }
}
