package io.loyaltydesk.staff;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.staff.internal.ApiKeys;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

class StaffConsoleAccessTest extends IntegrationTest {

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    JdbcClient jdbc;

    @ParameterizedTest
    @EnumSource(value = Role.class, names = "ADMIN", mode = EnumSource.Mode.EXCLUDE)
    void onlyAdminsManageStaffAndApiKeys(Role role) throws Exception {
        mvc.perform(get("/console/staff").with(staff(role))).andExpect(status().isForbidden());
        mvc.perform(get("/console/staff/new").with(staff(role))).andExpect(status().isForbidden());
        mvc.perform(get("/console/api-keys").with(staff(role))).andExpect(status().isForbidden());
        mvc.perform(post("/console/api-keys").with(staff(role)).with(csrf())
                        .param("name", "sneaky").param("scopes", "AUDIT_READ"))
                .andExpect(status().isForbidden());
    }

    @Test
    void adminsSeeStaffAndApiKeys() throws Exception {
        mvc.perform(get("/console/staff").with(staff(Role.ADMIN)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("admin")));
        mvc.perform(get("/console/api-keys").with(staff(Role.ADMIN)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("bootstrap")));
    }

    @Test
    void readOnlyStaffReadTheAuditLogAgentsAndStoreStaffDoNot() throws Exception {
        mvc.perform(get("/console/audit").with(staff(Role.READ_ONLY))).andExpect(status().isOk());
        mvc.perform(get("/console/audit").with(staff(Role.AGENT))).andExpect(status().isForbidden());
        mvc.perform(get("/console/audit").with(staff(Role.STORE_STAFF))).andExpect(status().isForbidden());
    }

    @Test
    void aConsoleRequestWithoutLoginGoesToTheLoginPage() throws Exception {
        mvc.perform(get("/console/staff"))
                .andExpect(status().is3xxRedirection())
                .andExpect(header().string("Location", org.hamcrest.Matchers.endsWith("/console/login")));
    }

    @Test
    void theAuditApiWithoutAKeyIsAProblem401() throws Exception {
        mvc.perform(get("/api/v1/audit"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.type").value("/problems/unauthorized"));
    }

    @Test
    void theAuditApiWithAKeyLackingTheScopeIsAProblem403() throws Exception {
        var key = apiKeys.create("no audit " + unique(), EnumSet.of(Scope.MEMBERS_READ), "test");
        mvc.perform(get("/api/v1/audit").with(apiKey(key.secret())))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(403))
                .andExpect(jsonPath("$.type").value("/problems/forbidden"));
        // the same key may read what its scope allows
        mvc.perform(get("/api/v1/stores").with(apiKey(key.secret()))).andExpect(status().isOk());
    }

    @Test
    void aConsoleFormPostedWithoutCsrfTokenIsRefused() throws Exception {
        var username = "nocsrf" + unique();
        mvc.perform(post("/console/staff").with(staff(Role.ADMIN))
                        .param("username", username).param("displayName", "No Token")
                        .param("roles", "AGENT").param("password", "a-long-enough-password"))
                .andExpect(status().isForbidden());
        var created = jdbc.sql("select count(*) from staff_accounts where username = :u").param("u", username)
                .query(Long.class).single();
        org.assertj.core.api.Assertions.assertThat(created).isZero();
    }
}
