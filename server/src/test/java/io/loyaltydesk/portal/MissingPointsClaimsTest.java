package io.loyaltydesk.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.loyaltydesk.ledger.EntryCode;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.rules.RuleDefinition.Effect;
import io.loyaltydesk.rules.RuleDefinition.Rounding;
import io.loyaltydesk.rules.RuleDefinition;
import io.loyaltydesk.rules.RuleDefinition.RuleKind;
import io.loyaltydesk.rules.RuleStatus;
import io.loyaltydesk.rules.Rules;
import io.loyaltydesk.staff.Role;
import io.loyaltydesk.staff.Stores;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.Message;
import io.loyaltydesk.support.MissingPointsClaims;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * "Points missing?": the member's claim arrives in the desk with the receipt data, the desk shows the matching
 * unassigned purchase, and one click attaches it: the points earn as of the purchase's date, audited, in the thread.
 */
class MissingPointsClaimsTest extends PortalTestSupport {

    @Autowired
    Stores stores;
    @Autowired
    Rules rules;
    @Autowired
    PointsLedger ledger;
    @Autowired
    Conversations conversations;
    @Autowired
    MissingPointsClaims claims;
    @Autowired
    io.loyaltydesk.tiers.Tiers tiers;

    private String store;

    @BeforeEach
    void storeWithARule() {
        store = "PC-" + unique();
        stores.add(store, "Claims store " + store, "Test", "Berlin", true);
        rules.create(new RuleDefinition("Base rate " + store, null, RuleKind.BASE_RATE, null,
                Effect.perAmount("1", "1.00", Rounding.FLOOR), null, null, null, null, null, List.of(store), 0, true,
                null), RuleStatus.ACTIVE);
    }

    @Test
    void anAgentAttachesTheMatchingPurchaseAndTheMemberEarnsAsOfItsDate() throws Exception {
        var joined = join("Sina");
        var receipt = "RC-" + unique();
        var boughtAt = clock.instant().minus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        long purchaseId = unassignedPurchase(receipt, "23.40", boughtAt);

        mvc.perform(get("/portal/history").cookie(joined.session()))
                .andExpect(content().string(containsString("href=\"/portal/history/claim\"")));
        var url = mvc.perform(post("/portal/history/claim").cookie(joined.session()).with(csrf())
                        .param("receiptNumber", receipt).param("storeCode", store).param("purchasedOn", day(boughtAt))
                        .param("amount", "23.40").param("note", "Paid by card, forgot the app"))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        long id = Long.parseLong(url.replaceAll(".*/", ""));
        mvc.perform(get(url).cookie(joined.session()))
                .andExpect(content().string(containsString("We are looking for receipt " + receipt)));

        // the API lists it as a typed conversation with the claim's data
        mvc.perform(get("/api/v1/conversations").with(apiKey()))
                .andExpect(jsonPath("$.items[?(@.id == " + id + ")].type", hasItem("MISSING_POINTS")))
                .andExpect(jsonPath("$.items[?(@.id == " + id + ")].claim.receiptNumber", hasItem(receipt)))
                .andExpect(jsonPath("$.items[?(@.id == " + id + ")].subject", hasItem(containsString(receipt))));
        mvc.perform(get("/api/v1/conversations/{id}", id).with(apiKey()))
                .andExpect(jsonPath("$.type").value("MISSING_POINTS"))
                .andExpect(jsonPath("$.claim.storeCode").value(store));

        mvc.perform(get("/desk/conversations/{id}", id).with(staff(Role.AGENT)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"claim-receipt\">" + receipt + "<")))
                .andExpect(content().string(containsString("Matches store, day and amount")))
                .andExpect(content().string(containsString("name=\"purchaseId\" value=\"" + purchaseId + "\"")));

        mvc.perform(post("/desk/conversations/{id}/claim/attach", id).with(staff(Role.AGENT)).with(csrf())
                        .param("purchaseId", Long.toString(purchaseId)))
                .andExpect(redirectedUrl("/desk/conversations/" + id));

        var earn = ledger.history(joined.memberId(), null, 10, false).items().stream()
                .filter(e -> e.code() == EntryCode.EARN).toList();
        assertThat(earn).hasSize(1);
        assertThat(earn.getFirst().points()).isEqualTo(23);
        assertThat(earn.getFirst().occurredAt()).isEqualTo(boughtAt);
        var claim = claims.find(id).orElseThrow();
        assertThat(claim.purchaseId()).isEqualTo(purchaseId);
        assertThat(claim.pointsEarned()).isEqualTo(23);
        assertThat(claim.attachedBy()).isEqualTo("tester");
        assertThat(jdbc.sql("""
                select count(*) from audit_log where action = 'conversation.claim-attached' and entity_id = :id
                   and actor_name = 'tester'
                """).param("id", Long.toString(id)).query(Long.class).single()).isEqualTo(1);
        var thread = conversations.messages(id);
        assertThat(thread).anyMatch(m -> m.kind() == Message.Kind.SYSTEM && m.body().contains("attached purchase "
                + receipt) && m.body().contains("23 points earned as of " + day(boughtAt)));
        assertThat(thread).anyMatch(m -> m.kind() == Message.Kind.FROM_AGENT && m.body().contains(
                "we found your purchase " + receipt) && m.body().contains("23 points"));
        assertThat(conversations.get(id).status()).isEqualTo(Conversation.Status.SOLVED);

        // the member sees the answer in the portal
        mvc.perform(get(url).cookie(joined.session()))
                .andExpect(content().string(containsString("Found! 23 points were added for this purchase.")))
                .andExpect(content().string(containsString("we found your purchase " + receipt)));
        // the desk shows it done; attaching again changes nothing
        mvc.perform(get("/desk/conversations/{id}", id).with(staff(Role.AGENT)))
                .andExpect(content().string(containsString("id=\"claim-attached\"")))
                .andExpect(content().string(not(containsString("claim/attach"))));
        mvc.perform(post("/desk/conversations/{id}/claim/attach", id).with(staff(Role.AGENT)).with(csrf())
                .param("purchaseId", Long.toString(purchaseId)));
        assertThat(ledger.balance(joined.memberId()).pending() + ledger.balance(joined.memberId()).available())
                .isEqualTo(23);
        assertThat(conversations.messages(id)).hasSize(thread.size());
    }

    @Test
    void aClaimWithoutAMatchSaysSoAndOnlyCandidatesCanBeAttached() throws Exception {
        var joined = join("Tom");
        var url = mvc.perform(post("/portal/history/claim").cookie(joined.session()).with(csrf())
                        .param("receiptNumber", "NOPE-" + unique()).param("purchasedOn", day(clock.instant()))
                        .param("amount", "4,50"))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        long id = Long.parseLong(url.replaceAll(".*/", ""));
        mvc.perform(get("/desk/conversations/{id}", id).with(staff(Role.AGENT)))
                .andExpect(content().string(containsString("id=\"claim-no-match\"")));

        // a purchase with the receipt number but another amount is offered, marked for checking
        var receipt = "RP-" + unique();
        unassignedPurchase(receipt, "30.00", clock.instant().minus(2, ChronoUnit.DAYS));
        var partial = claims.open(joined.memberId(), new io.loyaltydesk.support.NewClaim(receipt, null,
                day(clock.instant().minus(2, ChronoUnit.DAYS)), "3.00", null));
        mvc.perform(get("/desk/conversations/{id}", partial.conversationId()).with(staff(Role.AGENT)))
                .andExpect(content().string(containsString("Same receipt number only")))
                .andExpect(content().string(not(containsString("Matches store, day and amount"))));

        // someone else's unassigned purchase with another receipt number cannot be attached to this claim
        long unrelated = unassignedPurchase("RX-" + unique(), "10.00", clock.instant().minus(1, ChronoUnit.DAYS));
        mvc.perform(post("/api/v1/conversations/{id}/claim/attach", id).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"purchaseId\": " + unrelated + "}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type", containsString("purchase-not-claimable")));
        assertThat(ledger.balance(joined.memberId()).pending()).isZero();
        assertThat(claims.find(id).orElseThrow().attached()).isFalse();
    }

    @Test
    void aBadClaimIsExplainedFieldByFieldAndCreatesNothing() throws Exception {
        var joined = join("Uma");
        mvc.perform(post("/portal/history/claim").cookie(joined.session()).with(csrf())
                        .param("receiptNumber", "").param("storeCode", "NO-SUCH-STORE")
                        .param("purchasedOn", day(clock.instant().plus(2, ChronoUnit.DAYS))).param("amount", "abc"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"receiptNumber-error\"")))
                .andExpect(content().string(containsString("Pick the store from the list.")))
                .andExpect(content().string(containsString("not in the future")))
                .andExpect(content().string(containsString("for example 12.40")));
        assertThat(conversations.ofMember(joined.memberId(), 5)).isEmpty();
        mvc.perform(post("/portal/history/claim").cookie(joined.session()).param("receiptNumber", "R1")
                .param("purchasedOn", day(clock.instant())).param("amount", "1")).andExpect(status().isForbidden());
        assertThat(conversations.ofMember(joined.memberId(), 5)).isEmpty();
    }

    @Test
    void staffWithoutDeskAccessCannotAttach() throws Exception {
        var joined = join("Vera");
        var receipt = "RV-" + unique();
        var at = clock.instant().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        long purchaseId = unassignedPurchase(receipt, "5.00", at);
        var claim = claims.open(joined.memberId(), new io.loyaltydesk.support.NewClaim(receipt, store, day(at), "5.00",
                null));
        mvc.perform(post("/desk/conversations/{id}/claim/attach", claim.conversationId()).with(staff(Role.READ_ONLY))
                .with(csrf()).param("purchaseId", Long.toString(purchaseId))).andExpect(status().isForbidden());
        mvc.perform(post("/desk/conversations/{id}/claim/attach", claim.conversationId())
                .with(staff(Role.STORE_STAFF)).with(csrf()).param("purchaseId", Long.toString(purchaseId)))
                .andExpect(status().isForbidden());
        assertThat(claims.find(claim.conversationId()).orElseThrow().attached()).isFalse();
    }

    // ---- helpers

    private long unassignedPurchase(String receipt, String total, Instant at) throws Exception {
        return unassignedPurchase(receipt, total, at, store);
    }

    private long unassignedPurchase(String receipt, String total, Instant at, String storeCode) throws Exception {
        var body = mvc.perform(post("/api/v1/purchases").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"externalId": "%s", "storeId": "%s", "channel": "POS", "cardNumber": "NOBODY-%d",
                                 "occurredAt": "%s", "currency": "EUR", "totalAmount": "%s",
                                 "lines": [{"sku": "BREAD", "category": "BAKERY", "quantity": 1, "amount": "%s"}]}
                                """.formatted(receipt, storeCode, unique(), at, total, total)))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.assigned").value(false))
                .andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(body, "$.id")).longValue();
    }

    private String day(Instant at) {
        return LocalDate.ofInstant(at, zone()).toString();
    }

    private ZoneId zone() {
        return tiers.zone();
    }
}
