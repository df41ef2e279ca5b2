package io.loyaltydesk.members;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.staff.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class MembersConsoleTest extends IntegrationTest {

    @Autowired
    Members members;

    @Test
    void enrollingWithNoConsentTickedWorks() throws Exception {
        var email = uniqueEmail();
        mvc.perform(post("/console/members").with(staff(Role.AGENT)).with(csrf())
                        .param("firstName", "Una").param("email", email))
                .andExpect(status().is3xxRedirection());

        var member = members.findBy(IdentifierKind.EMAIL, email).orElseThrow();
        assertThat(member.consented(Channel.EMAIL)).isFalse();
        assertThat(member.consents()).hasSize(3);
    }

    @Test
    void anUnknownMemberIsAReadableNotFoundPage() throws Exception {
        mvc.perform(get("/console/members/{id}", Long.MAX_VALUE).with(staff(Role.AGENT)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith("text/html"))
                .andExpect(content().string(containsString("was not found")));
    }

    @Test
    void theSearchBoxGetsTheResultsOnlyButAHistoryRestoreGetsTheWholePage() throws Exception {
        mvc.perform(get("/console/members").param("q", "nobody-" + unique()).header("HX-Request", "true")
                        .with(staff(Role.AGENT)))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("<html"))));
        mvc.perform(get("/console/members").param("q", "nobody-" + unique()).header("HX-Request", "true")
                        .header("HX-History-Restore-Request", "true").with(staff(Role.AGENT)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<html")));
    }
}
