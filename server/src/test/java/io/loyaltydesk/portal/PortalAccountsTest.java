package io.loyaltydesk.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.members.Channel;
import io.loyaltydesk.members.IdentifierKind;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.staff.Role;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import jakarta.servlet.http.Cookie;

/** Members join, log in and out, are locked out after wrong passwords, and stay apart from staff. */
class PortalAccountsTest extends PortalTestSupport {

    @Autowired
    Members members;

    @Test
    void joiningEnrollsTheMemberWithTheConsentsGivenCreatesTheLoginAndLogsIn() throws Exception {
        var email = "Mia." + unique() + "@Example.test";
        var session = sessionOf(mvc.perform(post("/portal/join").with(csrf()).with(from(uniqueAddress()))
                        .param("firstName", "Mia").param("email", email).param("password", PASSWORD)
                        .param("consents", "EMAIL").param("consents", "PUSH"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/portal?welcome"))
                .andReturn());

        var member = members.findBy(IdentifierKind.EMAIL, email.toLowerCase()).orElseThrow();
        assertThat(member.enrolledVia()).isEqualTo("portal");
        assertThat(member.firstName()).isEqualTo("Mia");
        assertThat(member.consented(Channel.EMAIL)).isTrue();
        assertThat(member.consented(Channel.PUSH)).isTrue();
        assertThat(member.consented(Channel.SMS)).isFalse();
        var login = jdbc.sql("select email, password_hash, email_verified_at is null as unverified from member_logins "
                        + "where member_id = :id")
                .param("id", member.id().value())
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).single();
        assertThat(login[0]).isEqualTo(email.toLowerCase());
        assertThat(login[1]).startsWith("{bcrypt}").doesNotContain(PASSWORD);
        assertThat(login[2]).isEqualTo("t");
        assertThat(jdbc.sql("select actor_type from audit_log where action = 'member.enrolled' and entity_id = :id")
                .param("id", member.id().toString()).query(String.class).single()).isEqualTo("MEMBER");

        mvc.perform(get("/portal").param("welcome", "").cookie(session))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Hi Mia")))
                .andExpect(content().string(containsString("Welcome to")));
    }

    @Test
    void aTakenEmailOrAShortPasswordIsRefusedWithAReadableMessageAndNothingIsCreated() throws Exception {
        var joined = join("Ben");
        long before = members.count();
        mvc.perform(post("/portal/join").with(csrf()).with(from(uniqueAddress()))
                        .param("firstName", "Other").param("email", joined.email().toUpperCase())
                        .param("password", PASSWORD))
                .andExpect(status().isOk())
                .andExpect(unauthenticated())
                .andExpect(content().string(containsString("This email already belongs to a membership. Log in instead.")));
        mvc.perform(post("/portal/join").with(csrf()).with(from(uniqueAddress()))
                        .param("firstName", "").param("email", uniqueEmail()).param("password", "short"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"password-error\"")))
                .andExpect(content().string(containsString("Choose a password with at least 10 characters.")))
                .andExpect(content().string(containsString("Enter your first name.")));
        assertThat(members.count()).isEqualTo(before);
    }

    @Test
    void aMemberLogsInWithEmailAndPasswordAndLogsOut() throws Exception {
        var joined = join("Cleo");
        var address = uniqueAddress();
        var session = sessionOf(mvc.perform(login("/portal/login", joined.email().toUpperCase(), PASSWORD, address))
                .andExpect(authenticated().withUsername(joined.email()).withRoles("MEMBER"))
                .andExpect(redirectedUrl("/portal"))
                .andReturn());
        mvc.perform(get("/portal").cookie(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("Hi Cleo")));

        mvc.perform(post("/portal/logout").with(csrf()).cookie(session))
                .andExpect(redirectedUrl("/portal/login?logout"));
        mvc.perform(get("/portal").cookie(session))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/portal/login"));
        mvc.perform(login("/portal/login", joined.email(), "not the password", address))
                .andExpect(unauthenticated())
                .andExpect(redirectedUrl("/portal/login?error"));
    }

    @Test
    void fiveWrongPasswordsLockTheLoginForFifteenMinutes() throws Exception {
        var joined = join("Dora");
        var address = uniqueAddress();
        for (int i = 0; i < 5; i++) {
            mvc.perform(login("/portal/login", joined.email(), "wrong " + i, address))
                    .andExpect(unauthenticated())
                    .andExpect(redirectedUrl("/portal/login?error"));
        }
        mvc.perform(login("/portal/login", joined.email(), PASSWORD, address))
                .andExpect(unauthenticated())
                .andExpect(redirectedUrl("/portal/login?locked"));
        mvc.perform(get("/portal/login").param("locked", ""))
                .andExpect(content().string(containsString("locked for 15 minutes")));
        assertThat(jdbc.sql("select failed_logins from member_logins where member_id = :id")
                .param("id", joined.memberId()).query(Integer.class).single()).isEqualTo(5);

        clock.advance(Duration.ofMinutes(16));
        try {
            mvc.perform(login("/portal/login", joined.email(), PASSWORD, address))
                    .andExpect(authenticated().withUsername(joined.email()));
        } finally {
            clock.advance(Duration.ofMinutes(-16));
        }
        assertThat(jdbc.sql("select failed_logins from member_logins where member_id = :id")
                .param("id", joined.memberId()).query(Integer.class).single()).isZero();
    }

    @Test
    void aStaffLoginDoesNotOpenThePortalAndAMemberLoginDoesNotOpenTheConsole() throws Exception {
        var staffSession = sessionOf(mvc.perform(login("/console/login", "admin", "test-admin-password", uniqueAddress()))
                .andExpect(authenticated().withUsername("admin"))
                .andReturn());
        mvc.perform(get("/console").cookie(staffSession)).andExpect(status().isOk());
        mvc.perform(get("/portal").cookie(staffSession))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/portal/login"));
        mvc.perform(get("/portal/card/qr.png").with(user("tester").roles(Role.ADMIN.name())))
                .andExpect(status().isForbidden());
        // staff credentials are not member credentials
        mvc.perform(login("/portal/login", "admin", "test-admin-password", uniqueAddress()))
                .andExpect(unauthenticated());

        var joined = join("Eve");
        mvc.perform(get("/console").cookie(joined.session()))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/console/login"));
        mvc.perform(get("/console/members").with(user(joined.email()).roles("MEMBER")))
                .andExpect(status().isForbidden());
        mvc.perform(login("/console/login", joined.email(), PASSWORD, uniqueAddress()))
                .andExpect(unauthenticated());
    }

    @Test
    void publicPortalPagesOpenWithoutLoginAndTheRestAsksForIt() throws Exception {
        mvc.perform(get("/portal/login")).andExpect(status().isOk())
                .andExpect(content().string(containsString("action=\"/portal/login\"")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("password/reset"))));
        mvc.perform(get("/portal/join")).andExpect(status().isOk());
        mvc.perform(get("/portal/offline")).andExpect(status().isOk());
        mvc.perform(get("/portal/manifest.webmanifest")).andExpect(status().isOk())
                .andExpect(content().string(containsString("\"start_url\":\"/portal\"")));
        mvc.perform(get("/portal/sw.js")).andExpect(status().isOk());
        for (var path : new String[] {"/portal", "/portal/card", "/portal/history", "/portal/card/qr.png"}) {
            mvc.perform(get(path)).andExpect(status().is3xxRedirection())
                    .andExpect(redirectedUrl("/portal/login"));
        }
    }
}
