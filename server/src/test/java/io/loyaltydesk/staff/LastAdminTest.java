package io.loyaltydesk.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * The console says why the last administrator cannot lose the role. Runs in a transaction that is rolled
 * back, because it makes the bootstrap administrator the only enabled one for a moment.
 */
@Transactional
class LastAdminTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void theLastEnabledAdministratorKeepsTheRoleAndThePageSaysWhy() throws Exception {
        long adminId = jdbc.sql("select id from staff_accounts where username = 'admin'").query(Long.class).single();
        jdbc.sql("update staff_accounts set enabled = false where id <> :id and 'ADMIN' = any(roles)")
                .param("id", adminId).update();

        mvc.perform(post("/console/staff/{id}", adminId).with(staff(Role.ADMIN)).with(csrf())
                        .param("displayName", "Administrator").param("roles", "READ_ONLY").param("enabled", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("At least one enabled administrator must remain")))
                .andExpect(content().string(containsString("value=\"READ_ONLY\" checked")));
        assertThat(jdbc.sql("select 'ADMIN' = any(roles) from staff_accounts where id = :id").param("id", adminId)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void theNewAccountFormAndTheGermanPagesRender() throws Exception {
        mvc.perform(get("/console/staff/new").with(staff(Role.ADMIN)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("name=\"roles\" value=\"PROGRAM_MANAGER\"")));
        mvc.perform(get("/console/staff").param("lang", "de").with(staff(Role.ADMIN)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Mitarbeitende")));
        mvc.perform(get("/console/stores").param("lang", "de").with(staff(Role.ADMIN)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Filiale hinzufügen")));
    }
}
