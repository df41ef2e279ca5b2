package io.loyaltydesk.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.staff.Scope;
import io.loyaltydesk.staff.internal.ApiKeys;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

class LedgerApiTest extends IntegrationTest {

    @Autowired
    PointsLedger ledger;

    @Autowired
    ApiKeys apiKeys;

    @Test
    void aSmallAdjustmentAppliesAtOnceAndALargeOneWaitsForASecondPerson() throws Exception {
        long member = enroll();

        adjust(member, 50).andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("APPLIED"));
        balance(member).andExpect(jsonPath("$.available").value(50));

        var body = adjust(member, 600).andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("PENDING_APPROVAL"))
                .andReturn().getResponse().getContentAsString();
        long adjustment = Long.parseLong(body.replaceAll(".*\"id\":(\\d+).*", "$1"));
        balance(member).andExpect(jsonPath("$.available").value(50));

        mvc.perform(post("/api/v1/points/adjustments/{id}/approve", adjustment).with(apiKey()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/four-eyes"));
        balance(member).andExpect(jsonPath("$.available").value(50));

        var checker = apiKeys.create("checker-" + unique(), EnumSet.allOf(Scope.class), "test").secret();
        mvc.perform(post("/api/v1/points/adjustments/{id}/approve", adjustment).with(apiKey(checker)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("APPROVED"));
        balance(member).andExpect(jsonPath("$.available").value(650));

        mvc.perform(post("/api/v1/points/adjustments/{id}/approve", adjustment).with(apiKey(checker)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/adjustment-decided"));
        balance(member).andExpect(jsonPath("$.available").value(650));
    }

    @Test
    void aRetriedReservationHoldsThePointsOnce() throws Exception {
        long member = enrollWith(100);
        var key = "hold-" + unique();

        var first = reserve(member, 40, key).andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        var second = reserve(member, 40, key).andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andReturn().getResponse().getContentAsString();

        assertThat(second).isEqualTo(first);
        assertThat(ledger.reservations(member, false)).hasSize(1);
        balance(member).andExpect(jsonPath("$.available").value(60))
                .andExpect(jsonPath("$.reserved").value(40));
    }

    @Test
    void holdingMoreThanAvailableIsRefused() throws Exception {
        long member = enrollWith(30);

        reserve(member, 31, null).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/insufficient-points"))
                .andExpect(jsonPath("$.status").value(422));
        balance(member).andExpect(jsonPath("$.available").value(30))
                .andExpect(jsonPath("$.reserved").value(0));
    }

    @Test
    void aConfirmedHoldShowsAsARedemptionAndTheBooksBalance() throws Exception {
        long member = enrollWith(100);
        var body = reserve(member, 25, null).andExpect(status().isCreated())
                .andExpect(header().exists("Location"))
                .andReturn().getResponse().getContentAsString();
        long reservation = Long.parseLong(body.replaceAll(".*\"id\":(\\d+).*", "$1"));

        mvc.perform(post("/api/v1/points/reservations/{id}/confirm", reservation).with(apiKey()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("CONFIRMED"));
        mvc.perform(post("/api/v1/points/reservations/{id}/confirm", reservation).with(apiKey()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("CONFIRMED"));
        mvc.perform(post("/api/v1/points/reservations/{id}/cancel", reservation).with(apiKey()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/reservation-confirmed"));

        mvc.perform(get("/api/v1/members/{id}/points/history", member).with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].code").value("REDEEM"))
                .andExpect(jsonPath("$.items[0].points").value(-25))
                .andExpect(jsonPath("$.items[*].code", everyItem(org.hamcrest.Matchers.not("RESERVE"))));
        mvc.perform(get("/api/v1/members/{id}/points/history", member).param("internal", "true").with(apiKey()))
                .andExpect(jsonPath("$.items[*].code", hasItem("RESERVE")));
        balance(member).andExpect(jsonPath("$.available").value(75))
                .andExpect(jsonPath("$.lifetimeRedeemed").value(25));
        mvc.perform(get("/api/v1/ledger/reconciliation").with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.balanced").value(true))
                .andExpect(jsonPath("$.problems").isEmpty());
    }

    @Test
    void aBlockedMemberCannotHoldPoints() throws Exception {
        long member = enrollWith(100);
        mvc.perform(patch("/api/v1/members/{id}", member).with(apiKey()).contentType("application/merge-patch+json")
                        .content("{\"status\": \"BLOCKED\", \"reason\": \"fraud check\"}"))
                .andExpect(status().isOk());

        reserve(member, 10, null).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/member-not-active"));
        balance(member).andExpect(jsonPath("$.available").value(100));
    }

    @Test
    void anUnknownMemberIsNotFound() throws Exception {
        mvc.perform(get("/api/v1/members/{id}/points", 8_999_000_000L + unique()).with(apiKey()))
                .andExpect(status().isNotFound());
    }

    @Test
    void callersNeedAKeyWithThePointsScope() throws Exception {
        long member = enroll();
        var readOnly = apiKeys.create("members-only-" + unique(), EnumSet.of(Scope.MEMBERS_READ), "test").secret();

        mvc.perform(get("/api/v1/members/{id}/points", member))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/members/{id}/points", member).with(apiKey(readOnly)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/members/{id}/points/adjustments", member).with(apiKey(readOnly))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"points\": 5, \"reason\": \"x\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/ledger/reconciliation").with(apiKey(readOnly)))
                .andExpect(status().isForbidden());
        balance(member).andExpect(jsonPath("$.available").value(0));
    }

    @Test
    void badInputIsA400NamingTheField() throws Exception {
        long member = enrollWith(10);

        mvc.perform(post("/api/v1/members/{id}/points/reservations", member).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reference\": \"no points\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/invalid-input"))
                .andExpect(jsonPath("$.errors[0].field").value("points"));
        mvc.perform(post("/api/v1/members/{id}/points/reservations", member).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"points\": -5}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("points"));
        mvc.perform(post("/api/v1/members/{id}/points/adjustments", member).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"no points\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("points"));
        mvc.perform(post("/api/v1/members/{id}/points/adjustments", member).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"points\": 0, \"reason\": \"zero\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("points"));
        mvc.perform(post("/api/v1/members/{id}/points/adjustments", member).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"points\": 5}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
        balance(member).andExpect(jsonPath("$.available").value(10))
                .andExpect(jsonPath("$.reserved").value(0));
    }

    @Test
    void takingMorePointsThanTheMemberHasIsRefused() throws Exception {
        long member = enrollWith(20);
        adjust(member, -21).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/insufficient-points"));
        adjust(member, -20).andExpect(status().isCreated());
        balance(member).andExpect(jsonPath("$.available").value(0))
                .andExpect(jsonPath("$.debt").value(0));
        mvc.perform(get("/api/v1/members/{id}/points/lots", member).param("open", "false").with(apiKey()))
                .andExpect(jsonPath("$[*].remaining", everyItem(lessThan(1))));
    }

    // ---- helpers

    private long enroll() throws Exception {
        var result = mvc.perform(post("/api/v1/members").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"firstName\": \"Points\", \"email\": \"%s\"}".formatted(uniqueEmail())))
                .andExpect(status().isCreated()).andReturn();
        return Long.parseLong(result.getResponse().getHeader("Location").replaceAll(".*/", ""));
    }

    private long enrollWith(long points) throws Exception {
        long member = enroll();
        adjust(member, points).andExpect(status().isCreated());
        return member;
    }

    private ResultActions adjust(long member, long points) throws Exception {
        return mvc.perform(post("/api/v1/members/{id}/points/adjustments", member).with(apiKey())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"points\": %d, \"reason\": \"test\", \"comment\": \"api test\"}".formatted(points)));
    }

    private ResultActions reserve(long member, long points, String idempotencyKey) throws Exception {
        var request = post("/api/v1/members/{id}/points/reservations", member).with(apiKey())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"points\": %d, \"reference\": \"order-1\"}".formatted(points));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return mvc.perform(request);
    }

    private ResultActions balance(long member) throws Exception {
        return mvc.perform(get("/api/v1/members/{id}/points", member).with(apiKey())).andExpect(status().isOk());
    }
}
