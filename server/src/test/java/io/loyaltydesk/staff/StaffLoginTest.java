package io.loyaltydesk.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.RequestBuilder;

/** Staff accounts made in the console log in through the real login form, and lock after wrong passwords. */
class StaffLoginTest extends IntegrationTest {

    private static final String PASSWORD = "correct horse battery";

    @Autowired
    JdbcClient jdbc;

    @Test
    void aStaffMemberCreatedInTheConsoleLogsInIsLockedOutAndUnlocked() throws Exception {
        var username = "agent" + unique();
        var address = "10.1." + (unique() % 250) + "." + (unique() % 250);
        mvc.perform(post("/console/staff").with(staff(Role.ADMIN)).with(csrf())
                        .param("username", username).param("displayName", "Alex Agent")
                        .param("email", uniqueEmail()).param("roles", "AGENT").param("roles", "READ_ONLY")
                        .param("password", PASSWORD))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrlPattern("/console/staff/*"));
        long id = jdbc.sql("select id from staff_accounts where username = :u").param("u", username)
                .query(Long.class).single();

        mvc.perform(login(username, PASSWORD, address))
                .andExpect(authenticated().withUsername(username).withRoles("AGENT", "READ_ONLY"))
                .andExpect(redirectedUrl("/console"));
        assertThat(jdbc.sql("select last_login_at from staff_accounts where id = :id").param("id", id)
                .query(Instant.class).optional()).isPresent();

        for (int i = 0; i < 5; i++) {
            mvc.perform(login(username, "wrong password " + i, address))
                    .andExpect(unauthenticated())
                    .andExpect(redirectedUrl("/console/login?error"));
        }
        mvc.perform(login(username, PASSWORD, address)).andExpect(unauthenticated());
        mvc.perform(get("/console/staff/{id}", id).with(staff(Role.ADMIN)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("/console/staff/" + id + "/unlock")));

        mvc.perform(post("/console/staff/{id}/unlock", id).with(staff(Role.ADMIN)).with(csrf())
                        .param("reason", "called the help desk, identity checked"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/console/staff/" + id));
        assertThat(jdbc.sql("""
                select reason from audit_log where entity_type = 'staff' and entity_id = :id and action = 'staff.unlocked'
                """).param("id", Long.toString(id)).query(String.class).single())
                .isEqualTo("called the help desk, identity checked");

        mvc.perform(login(username, PASSWORD, address)).andExpect(authenticated().withUsername(username));
    }

    @Test
    void badFieldsAreShownBesideTheFieldsAndNothingIsCreated() throws Exception {
        var username = "x";
        mvc.perform(post("/console/staff").with(staff(Role.ADMIN)).with(csrf())
                        .param("username", username).param("displayName", " ").param("password", "short"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"username-error\"")))
                .andExpect(content().string(containsString("id=\"displayName-error\"")))
                .andExpect(content().string(containsString("id=\"roles-error\"")))
                .andExpect(content().string(containsString("must have at least 12 characters")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("value=\"short\""))));
    }

    @Test
    void anAdminEditsRolesAndDisablesAnAccountWhichThenCannotLogIn() throws Exception {
        var username = "editme" + unique();
        var address = "10.2." + (unique() % 250) + "." + (unique() % 250);
        mvc.perform(post("/console/staff").with(staff(Role.ADMIN)).with(csrf())
                        .param("username", username).param("displayName", "Edit Me")
                        .param("roles", "AGENT").param("password", PASSWORD))
                .andExpect(status().is3xxRedirection());
        long id = jdbc.sql("select id from staff_accounts where username = :u").param("u", username)
                .query(Long.class).single();

        mvc.perform(post("/console/staff/{id}", id).with(staff(Role.ADMIN)).with(csrf())
                        .param("displayName", "Edited").param("roles", "SUPERVISOR").param("reason", "left the team"))
                .andExpect(status().is3xxRedirection());
        var row = jdbc.sql("select display_name, enabled, roles::text as roles from staff_accounts where id = :id")
                .param("id", id).query().singleRow();
        assertThat(row).containsEntry("display_name", "Edited").containsEntry("enabled", false)
                .containsEntry("roles", "{SUPERVISOR}");
        mvc.perform(login(username, PASSWORD, address)).andExpect(unauthenticated());

        mvc.perform(post("/console/staff/{id}/password", id).with(staff(Role.ADMIN)).with(csrf())
                        .param("password", "tiny"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"password-error\"")));
    }

    /** The real login form, from an address of the test's own so the per-address login throttle stays out of it. */
    private static RequestBuilder login(String username, String password, String remoteAddress) {
        return context -> {
            var request = formLogin("/console/login").user(username).password(password).buildRequest(context);
            request.setRemoteAddr(remoteAddress);
            return request;
        };
    }
}
