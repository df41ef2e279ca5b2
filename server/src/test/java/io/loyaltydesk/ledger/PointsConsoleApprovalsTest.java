package io.loyaltydesk.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.staff.Role;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

class PointsConsoleApprovalsTest extends PointsConsoleTestSupport {

    private static final RequestPostProcessor ALICE = user("alice").roles("SUPERVISOR");
    private static final RequestPostProcessor BOB = user("bob").roles("SUPERVISOR");

    @Test
    void anAdjustmentAboveTheLimitWaitsForASecondPerson() throws Exception {
        long id = enroll("Greta");
        long points = ledger.settings().adjustmentApprovalLimit() + 1;
        var reason = "lost card goodwill " + unique();
        mvc.perform(post("/console/members/{id}/points/adjust", id).with(ALICE).with(csrf())
                        .param("points", Long.toString(points)).param("reason", reason).param("comment", "ticket 42"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flash", startsWith("Sent for approval")));
        var pending = ledger.adjustments(id, Adjustment.Status.PENDING_APPROVAL, 10);
        assertThat(pending).singleElement().satisfies(a -> {
            assertThat(a.points()).isEqualTo(points);
            assertThat(a.requestedBy()).isEqualTo("alice");
        });
        long adjustmentId = pending.getFirst().id();
        assertThat(ledger.balance(id).available()).isZero();

        mvc.perform(get("/console/members/{id}/points", id).with(ALICE))
                .andExpect(content().string(containsString("Waiting for approval")));
        mvc.perform(get("/console/points/approvals").with(BOB))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString(reason), containsString("ticket 42"),
                        containsString("href=\"/console/members/" + id + "/points\""), containsString("Greta Berg"),
                        containsString("action=\"/console/points/approvals/" + adjustmentId + "/approve\""),
                        not(containsString("??")))));

        mvc.perform(post("/console/points/approvals/{id}/approve", adjustmentId).with(ALICE).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("actionError",
                        "You asked for this adjustment yourself, so someone else has to approve it. Nothing was changed."));
        assertThat(ledger.adjustments(id, Adjustment.Status.PENDING_APPROVAL, 10)).hasSize(1);
        assertThat(ledger.balance(id).available()).isZero();

        mvc.perform(post("/console/points/approvals/{id}/approve", adjustmentId).with(BOB).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flash", startsWith("Approved adjustment #" + adjustmentId)));
        assertThat(ledger.balance(id).available()).isEqualTo(points);
        assertThat(ledger.adjustments(id, Adjustment.Status.APPROVED, 10)).singleElement()
                .satisfies(a -> assertThat(a.decidedBy()).isEqualTo("bob"));

        mvc.perform(get("/console/points/approvals").with(BOB))
                .andExpect(content().string(allOf(containsString("Recently decided"), containsString(reason),
                        containsString("approved"))));
    }

    @Test
    void aRejectionNeedsAReasonAndBooksNothing() throws Exception {
        long id = enroll("Hugo");
        long points = -(ledger.settings().adjustmentApprovalLimit() + 1);
        mvc.perform(post("/console/members/{id}/points/adjust", id).with(ALICE).with(csrf())
                        .param("points", Long.toString(points)).param("reason", "fraud suspicion"))
                .andExpect(flash().attribute("flash", startsWith("Sent for approval")));
        long adjustmentId = ledger.adjustments(id, Adjustment.Status.PENDING_APPROVAL, 1).getFirst().id();

        mvc.perform(post("/console/points/approvals/{id}/reject", adjustmentId).with(BOB).with(csrf()).param("reason", ""))
                .andExpect(flash().attribute("actionError", "Say why the adjustment is rejected."));
        assertThat(ledger.adjustments(id, Adjustment.Status.PENDING_APPROVAL, 1)).hasSize(1);

        mvc.perform(post("/console/points/approvals/{id}/reject", adjustmentId).with(BOB).with(csrf())
                        .param("reason", "no evidence"))
                .andExpect(flash().attribute("flash", "Rejected adjustment #" + adjustmentId + "."));
        assertThat(ledger.adjustments(id, Adjustment.Status.REJECTED, 1)).hasSize(1);
        assertThat(ledger.balance(id).available()).isZero();
    }

    @Test
    void agentsCannotApprove() throws Exception {
        mvc.perform(get("/console/points/approvals").with(staff(Role.AGENT))).andExpect(status().isForbidden());
        mvc.perform(post("/console/points/approvals/{id}/approve", 1).with(staff(Role.AGENT)).with(csrf()))
                .andExpect(status().isForbidden());
    }
}
