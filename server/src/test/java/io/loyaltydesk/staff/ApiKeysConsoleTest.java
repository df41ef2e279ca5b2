package io.loyaltydesk.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class ApiKeysConsoleTest extends IntegrationTest {

    private static final Pattern KEY = Pattern.compile("ldk_[A-Za-z0-9]{8}_[A-Za-z0-9]{40}");

    @Autowired
    JdbcClient jdbc;

    @Test
    void aKeyCreatedInTheConsoleIsShownOnceWorksUntilRevoked() throws Exception {
        var name = "checkout " + unique();
        var page = mvc.perform(post("/console/api-keys").with(staff(Role.ADMIN)).with(csrf())
                        .param("name", name).param("scopes", "MEMBERS_READ"))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", containsString("no-store")))
                .andExpect(flash().attributeCount(0))
                .andExpect(content().string(containsString("class=\"secret\"")))
                .andReturn().getResponse().getContentAsString();
        var matcher = KEY.matcher(page);
        assertThat(matcher.find()).as("the page shows the full key").isTrue();
        var secret = matcher.group();
        long id = jdbc.sql("select id from api_keys where prefix = :p").param("p", secret.substring(0, 12))
                .query(Long.class).single();

        mvc.perform(get("/console/api-keys").with(staff(Role.ADMIN)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(name)))
                .andExpect(content().string(not(containsString(secret))));

        assertThat(used(id)).isFalse();
        mvc.perform(get("/api/v1/members").with(apiKey(secret))).andExpect(status().isOk());
        assertThat(used(id)).isTrue();
        mvc.perform(get("/api/v1/audit").with(apiKey(secret))).andExpect(status().isForbidden());

        mvc.perform(post("/console/api-keys/{id}/revoke", id).with(staff(Role.ADMIN)).with(csrf()).param("reason", ""))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/members").with(apiKey(secret))).andExpect(status().isOk());

        mvc.perform(post("/console/api-keys/{id}/revoke", id).with(staff(Role.ADMIN)).with(csrf())
                        .param("reason", "checkout system replaced"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/api/v1/members").with(apiKey(secret))).andExpect(status().isUnauthorized());
        assertThat(jdbc.sql("select reason from audit_log where entity_type = 'api-key' and entity_id = :id "
                        + "and action = 'api-key.revoked'").param("id", Long.toString(id)).query(String.class).single())
                .isEqualTo("checkout system replaced");
    }

    @Test
    void aKeyWithoutNameOrScopeIsRefusedBesideTheFields() throws Exception {
        long before = jdbc.sql("select count(*) from api_keys").query(Long.class).single();
        mvc.perform(post("/console/api-keys").with(staff(Role.ADMIN)).with(csrf()).param("name", " "))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"name-error\"")))
                .andExpect(content().string(containsString("choose at least one scope")))
                .andExpect(content().string(not(containsString("class=\"secret\""))));
        assertThat(jdbc.sql("select count(*) from api_keys").query(Long.class).single()).isEqualTo(before);
    }

    private boolean used(long id) {
        return jdbc.sql("select last_used_at is not null from api_keys where id = :id").param("id", id)
                .query(Boolean.class).single();
    }
}
