package io.loyaltydesk.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.staff.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class RulesConsoleTest extends IntegrationTest {

    @Autowired
    Rules rules;

    @Test
    void programManagersCreateEditAndActivateRulesInTheConsole() throws Exception {
        var name = "Coffee promo " + unique();
        mvc.perform(get("/console/rules/new").with(staff(Role.PROGRAM_MANAGER)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("hx-post=\"/console/rules/check\"")));

        var created = mvc.perform(post("/console/rules").with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("name", name).param("kind", "CATEGORY_BONUS").param("effectType", "PER_LINE")
                        .param("pointsPer", "2").param("perAmount", "1.00").param("rounding", "FLOOR")
                        .param("categories", "coffee, tea").param("days", "MONDAY").param("priority", "5")
                        .param("stackable", "true").param("capPerDay", "100"))
                .andExpect(status().is3xxRedirection())
                .andReturn().getResponse().getRedirectedUrl();
        long id = Long.parseLong(created.substring(created.lastIndexOf('/') + 1));
        var rule = rules.get(id);
        assertThat(rule.status()).isEqualTo(RuleStatus.DRAFT);
        assertThat(rule.definition().effect().categories()).containsExactly("coffee", "tea");
        assertThat(rule.definition().caps().perMemberPerDay()).isEqualTo(100);

        mvc.perform(get("/console/rules").with(staff(Role.PROGRAM_MANAGER)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(name)));
        mvc.perform(get("/console/rules/{id}/edit", id).with(staff(Role.PROGRAM_MANAGER)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("coffee, tea")));
        mvc.perform(post("/console/rules/{id}/edit", id).with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("name", name).param("kind", "CATEGORY_BONUS").param("effectType", "PER_LINE")
                        .param("pointsPer", "3").param("perAmount", "1.00").param("categories", "coffee")
                        .param("condition", "purchase.total > ").param("capPerDay", "abc"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("cannot be read")));
        mvc.perform(post("/console/rules/{id}/edit", id).with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("name", name).param("kind", "CATEGORY_BONUS").param("effectType", "PER_LINE")
                        .param("pointsPer", "3").param("perAmount", "1.00").param("categories", "coffee")
                        .param("reason", "more"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post("/console/rules/{id}/status", id).with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("status", "ACTIVE"))
                .andExpect(status().is3xxRedirection());
        assertThat(rules.get(id).version()).isEqualTo(2);
        assertThat(rules.get(id).status()).isEqualTo(RuleStatus.ACTIVE);

        mvc.perform(get("/console/rules/{id}", id).with(staff(Role.PROGRAM_MANAGER)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(name)));
        mvc.perform(post("/console/rules/{id}/simulate", id).with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("from", "2025-11-01").param("to", "2025-11-30"))
                .andExpect(status().isOk());
    }

    @Test
    void theLiveCheckAnswersWithTheCompilerMessage() throws Exception {
        mvc.perform(post("/console/rules/check").with(staff(Role.ADMIN)).with(csrf())
                        .param("condition", "member.tier = 'GOLD'").param("target", "condition"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("line 1, column 13")));
        mvc.perform(post("/console/rules/check").with(staff(Role.ADMIN)).with(csrf())
                        .param("lineFilter", "line.category == 'coffee'").param("target", "lineFilter"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("badge-ok")));
    }

    @Test
    void agentsMayLookButNotEdit() throws Exception {
        mvc.perform(get("/console/rules").with(staff(Role.AGENT))).andExpect(status().isOk());
        mvc.perform(get("/console/rules/new").with(staff(Role.AGENT))).andExpect(status().isForbidden());
        mvc.perform(post("/console/rules").with(staff(Role.AGENT)).with(csrf()).param("name", "x"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/console/rules/check").with(staff(Role.AGENT)).with(csrf()).param("condition", "true"))
                .andExpect(status().isForbidden());
    }
}
