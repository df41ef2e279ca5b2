package io.loyaltydesk.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.staff.Role;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PointsConsoleTest extends PointsConsoleTestSupport {

    @Test
    void anAgentsSmallAdjustmentIsAppliedAndShowsInBalanceAndHistory() throws Exception {
        long id = enroll("Anna");
        mvc.perform(post("/console/members/{id}/points/adjust", id).with(staff(Role.AGENT)).with(csrf())
                        .param("points", "+20").param("reason", "coffee spilled at the till").param("comment", "sorry"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/console/members/" + id + "/points"))
                .andExpect(flash().attribute("flash", "Applied: +20 points."));
        assertThat(ledger.balance(id).available()).isEqualTo(20);

        mvc.perform(get("/console/members/{id}/points", id).with(staff(Role.AGENT)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("Points · Anna Berg"),
                        containsString("href=\"/console/members/" + id + "\""),
                        containsString("Adjusted by staff: coffee spilled at the till"),
                        containsString("Adjusted by staff</td>"),
                        containsString("amount-plus"),
                        containsString(">+20<"),
                        containsString("Adjustment #"),
                        containsString("by tester"),
                        containsString("action=\"/console/members/" + id + "/points/adjust\""),
                        containsString("need a second person&#39;s approval"),
                        not(containsString("??")))));
    }

    @Test
    void theHistoryPagesToOlderEntries() throws Exception {
        long id = enroll("Gus");
        for (int i = 0; i < 27; i++) {
            ledger.adjust(id, 1, "bonus number " + i + ".", null, null, null);
        }
        var first = mvc.perform(get("/console/members/{id}/points", id).with(staff(Role.READ_ONLY)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("bonus number 26."), containsString("bonus number 2."),
                        not(containsString("bonus number 1.")), containsString(">Older<"))))
                .andReturn().getResponse().getContentAsString();
        var matcher = Pattern.compile("cursor=([A-Za-z0-9_-]+)").matcher(first);
        assertThat(matcher.find()).as("the Older link carries a cursor").isTrue();
        mvc.perform(get("/console/members/{id}/points", id).param("cursor", matcher.group(1))
                        .with(staff(Role.READ_ONLY)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("bonus number 1."), containsString("bonus number 0."),
                        not(containsString("bonus number 2.")), not(containsString(">Older<")),
                        containsString(">Newest<"))));
    }

    @Test
    void readOnlyStaffSeeThePointsButCannotAdjust() throws Exception {
        long id = enroll("Ben");
        mvc.perform(get("/console/members/{id}/points", id).with(staff(Role.READ_ONLY)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Points · Ben Berg"),
                        not(containsString("/points/adjust")), not(containsString("name=\"reason\"")))));
        mvc.perform(post("/console/members/{id}/points/adjust", id).with(staff(Role.READ_ONLY)).with(csrf())
                        .param("points", "20").param("reason", "sneaky"))
                .andExpect(status().isForbidden());
        assertThat(ledger.balance(id).available()).isZero();
    }

    @Test
    void anAdjustWithoutCsrfTokenIsRefused() throws Exception {
        long id = enroll("Cleo");
        mvc.perform(post("/console/members/{id}/points/adjust", id).with(staff(Role.ADMIN))
                        .param("points", "20").param("reason", "no token"))
                .andExpect(status().isForbidden());
        assertThat(ledger.balance(id).available()).isZero();
    }

    @Test
    void badPointsAndAMissingReasonAreAnsweredBesideTheFields() throws Exception {
        long id = enroll("Dora");
        mvc.perform(post("/console/members/{id}/points/adjust", id).with(staff(Role.AGENT)).with(csrf())
                        .param("points", "twenty").param("reason", "typo"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("id=\"points-error\""),
                        containsString("must be a whole number"), containsString("value=\"twenty\""))));
        mvc.perform(post("/console/members/{id}/points/adjust", id).with(staff(Role.AGENT)).with(csrf())
                        .param("points", "20").param("reason", " "))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"reason-error\"")));
        mvc.perform(post("/console/members/{id}/points/adjust", id).with(staff(Role.AGENT)).with(csrf())
                        .param("points", "-5").param("reason", "take back"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("does not have enough available points")));
        assertThat(ledger.balance(id).available()).isZero();
        assertThat(ledger.adjustments(id, null, 10)).isEmpty();
    }

    @Test
    void theMemberPageLinksToThePointsAndUnknownMembersAreNotFound() throws Exception {
        long id = enroll("Emil");
        mvc.perform(get("/console/members/{id}", id).with(staff(Role.READ_ONLY)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("href=\"/console/members/" + id + "/points\"")));
        mvc.perform(get("/console/members/{id}/points", Long.MAX_VALUE).with(staff(Role.READ_ONLY)))
                .andExpect(status().isNotFound());
    }

    @Test
    void internalMovesAreHiddenUnlessAskedFor() throws Exception {
        long id = enroll("Fritz");
        ledger.adjust(id, 50, "welcome bonus", null, null, null);
        ledger.reserve(id, 30, "till-7");
        mvc.perform(get("/console/members/{id}/points", id).with(staff(Role.AGENT)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(not(containsString("Held for checkout till-7")),
                        containsString("till-7"), containsString("Show internal moves"))));
        mvc.perform(get("/console/members/{id}/points", id).param("internal", "true").with(staff(Role.AGENT)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Held for checkout till-7"),
                        containsString("30 moved"), containsString("Hide internal moves"))));
    }
}
