package io.loyaltydesk.tiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.staff.Role;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The tier pages, with who may do what. */
class TierConsoleTest extends TierTestSupport {

    @Test
    void aProgramManagerCreatesAndEditsTiersAndSeesEveryBadFieldAnswered() throws Exception {
        mvc.perform(get("/console/tiers").with(staff(Role.PROGRAM_MANAGER)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Silver"), containsString("#C9A227"),
                        containsString("href=\"/console/tiers/new\""), containsString("member.tier == &#39;GOLD&#39;"))));
        mvc.perform(get("/console/tiers/new").with(staff(Role.PROGRAM_MANAGER)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("value=\"3\"")));

        mvc.perform(post("/console/tiers").with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("code", "PLATINUM").param("name", "Platinum").param("rank", "3")
                        .param("colour", "#E5E4E2").param("threshold", "lots"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Please fix the fields marked below."),
                        containsString("id=\"threshold-error\">Please enter a number."))));
        mvc.perform(post("/console/tiers").with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("code", "PLATINUM").param("name", "Platinum").param("rank", "1")
                        .param("colour", "#E5E4E2").param("threshold", "400"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("rank 1 is taken by SILVER")));
        mvc.perform(post("/console/tiers").with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("code", "PLATINUM").param("name", "Platinum").param("rank", "3")
                        .param("colour", "#E5E4E2").param("threshold", "2000").param("earnMultiplierHint", "2"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/console/tiers"));
        assertThat(tiers.get("PLATINUM").threshold()).isEqualByComparingTo("2000");

        mvc.perform(get("/console/tiers/{code}/edit", "GOLD").with(staff(Role.PROGRAM_MANAGER)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("member.tier == &#39;GOLD&#39;")));
        mvc.perform(post("/console/tiers/{code}/edit", "GOLD").with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("name", "Gold").param("rank", "2").param("colour", "#C9A227")
                        .param("threshold", "750").param("reason", "harder to reach"))
                .andExpect(status().is3xxRedirection());
        assertThat(tiers.get("GOLD").threshold()).isEqualByComparingTo("750");

        mvc.perform(post("/console/tiers/program").with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("metric", "VISITS").param("window", "ROLLING_MONTHS").param("windowMonths", "99")
                        .param("graceDays", "7"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("must be between 1 and 36")));
    }

    @Test
    void othersMayLookButNotChangeTiers() throws Exception {
        mvc.perform(get("/console/tiers").with(staff(Role.READ_ONLY)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Only admins and program managers can change tiers.")));
        mvc.perform(get("/console/tiers/new").with(staff(Role.AGENT))).andExpect(status().isForbidden());
        mvc.perform(post("/console/tiers").with(staff(Role.SUPERVISOR)).with(csrf())
                        .param("code", "X").param("name", "X").param("rank", "9").param("colour", "#000000")
                        .param("threshold", "9999"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/console/tiers/program").with(staff(Role.AGENT)).with(csrf())
                        .param("metric", "VISITS").param("window", "CALENDAR_YEAR").param("graceDays", "0"))
                .andExpect(status().isForbidden());
        assertThat(tiers.all()).hasSize(3);
    }

    @Test
    void aSupervisorSetsAMembersTierByHandAndAnAgentMayOnlyLook() throws Exception {
        clock.set(Instant.parse("2031-05-20T08:00:00Z"));
        var card = "CARD-" + unique();
        long member = enroll(card);
        buy("R-" + unique(), card, "150.00");
        eventually(() -> tierOf(member).equals("SILVER"));

        mvc.perform(get("/console/members/{id}/tier", member).with(staff(Role.AGENT)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Silver"), containsString("<progress"),
                        containsString("350 more (Money spent) for Gold"), containsString("2032-01-01"),
                        containsString("Supervisors, program managers and admins can set a tier by hand."))));
        mvc.perform(post("/console/members/{id}/tier/override", member).with(staff(Role.AGENT)).with(csrf())
                        .param("tier", "GOLD").param("until", "2031-06-30").param("reason", "goodwill"))
                .andExpect(status().isForbidden());

        mvc.perform(post("/console/members/{id}/tier/override", member).with(staff(Role.SUPERVISOR)).with(csrf())
                        .param("tier", "GOLD").param("until", "2031-06-30"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"reason-error\">is required")));
        mvc.perform(post("/console/members/{id}/tier/override", member).with(staff(Role.SUPERVISOR)).with(csrf())
                        .param("tier", "GOLD").param("until", "2031-06-30").param("reason", "goodwill"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/console/members/" + member + "/tier"));
        assertThat(tiers.progress(new MemberId(member)).tier().code()).isEqualTo("GOLD");
        mvc.perform(get("/console/members/{id}/tier", member).with(staff(Role.SUPERVISOR)))
                .andExpect(content().string(allOf(containsString("Set by staff (earned: Silver) until 2031-06-30"),
                        containsString("GOLD until 2031-06-30: goodwill (by tester)"))));

        mvc.perform(post("/console/members/{id}/tier/override/end", member).with(staff(Role.SUPERVISOR)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(tiers.progress(new MemberId(member)).tier().code()).isEqualTo("SILVER");
    }

    @Test
    void theMemberPageLinksToTheTierAndTheNavigationToTiers() throws Exception {
        long member = enroll("CARD-" + unique());
        mvc.perform(get("/console/members/{id}", member).with(staff(Role.PROGRAM_MANAGER)))
                .andExpect(content().string(allOf(containsString("href=\"/console/members/" + member + "/tier\""),
                        containsString("href=\"/console/tiers\""))));
        mvc.perform(get("/console/members/{id}/tier", member).with(staff(Role.READ_ONLY)).param("lang", "de"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Aktuelle Stufe")));
    }

    @Test
    void englishAndGermanTextsHaveTheSameKeys() throws Exception {
        var english = new java.util.Properties();
        var german = new java.util.Properties();
        try (var en = getClass().getResourceAsStream("/i18n/tiers.properties");
                var de = getClass().getResourceAsStream("/i18n/tiers_de.properties")) {
            english.load(new java.io.InputStreamReader(en, java.nio.charset.StandardCharsets.UTF_8));
            german.load(new java.io.InputStreamReader(de, java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(german.keySet()).isEqualTo(english.keySet());
    }
}
