package io.loyaltydesk.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

class AuditAndStoresTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Stores stores;

    @Autowired
    JsonMapper json;

    @Test
    void aProgramManagerTakesAStoreLiveWithAReasonAndTheAuditApiShowsIt() throws Exception {
        var store = stores.add("T" + unique(), "Test store", "Test region", null, false);

        mvc.perform(post("/console/stores/{id}/live", store.id()).with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("live", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Give a reason")));
        assertThat(stores.byId(store.id()).orElseThrow().live()).isFalse();

        mvc.perform(post("/console/stores/{id}/live", store.id()).with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("live", "true").param("reason", "phase 2 of the rollout"))
                .andExpect(status().is3xxRedirection());
        assertThat(stores.byId(store.id()).orElseThrow().live()).isTrue();

        var id = Long.toString(store.id());
        mvc.perform(get("/api/v1/audit").param("entityType", "store").param("entityId", id).with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items", hasSize(2)))
                .andExpect(jsonPath("$.items[0].action").value("store.live-changed"))
                .andExpect(jsonPath("$.items[0].actorName").value("tester"))
                .andExpect(jsonPath("$.items[0].reason").value("phase 2 of the rollout"))
                .andExpect(jsonPath("$.items[0].before.live").value(false))
                .andExpect(jsonPath("$.items[0].after.live").value(true))
                .andExpect(jsonPath("$.items[1].action").value("store.created"));
        mvc.perform(get("/api/v1/audit").param("entityType", "store").param("entityId", id)
                        .param("action", "store.created").with(apiKey()))
                .andExpect(jsonPath("$.items", hasSize(1)));

        var first = json.readTree(mvc.perform(get("/api/v1/audit").param("entityType", "store").param("entityId", id)
                .param("limit", "1").with(apiKey())).andExpect(jsonPath("$.items", hasSize(1)))
                .andReturn().getResponse().getContentAsString());
        var cursor = first.get("nextCursor").asString();
        assertThat(cursor).isNotBlank();
        mvc.perform(get("/api/v1/audit").param("entityType", "store").param("entityId", id).param("limit", "1")
                        .param("cursor", cursor).with(apiKey()))
                .andExpect(jsonPath("$.items", hasSize(1)))
                .andExpect(jsonPath("$.items[0].action").value("store.created"))
                .andExpect(jsonPath("$.nextCursor").doesNotExist());

        mvc.perform(get("/console/audit").param("entityType", "store").param("entityId", id)
                        .with(staff(Role.READ_ONLY)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("phase 2 of the rollout")))
                .andExpect(content().string(containsString("store.live-changed")));
    }

    @Test
    void badAuditFiltersAreProblems() throws Exception {
        mvc.perform(get("/api/v1/audit").param("from", "yesterday").with(apiKey()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("from"));
        mvc.perform(get("/api/v1/audit").param("cursor", "nonsense").with(apiKey()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/invalid-input"));
        mvc.perform(get("/console/audit").param("from", "31.12.2025").with(staff(Role.ADMIN)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("YYYY-MM-DD")));
    }

    @Test
    void theAuditConsoleLinksMemberEntriesAndFiltersByDate() throws Exception {
        var created = mvc.perform(post("/api/v1/members").with(apiKey()).contentType("application/json")
                        .content("{\"firstName\": \"Audit\", \"email\": \"%s\"}".formatted(uniqueEmail())))
                .andExpect(status().isCreated()).andReturn().getResponse().getHeader("Location");
        var memberId = created.replaceAll(".*/", "");
        mvc.perform(get("/console/audit").param("entityType", "member").param("entityId", memberId)
                        .with(staff(Role.SUPERVISOR)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("href=\"/console/members/" + memberId + "\"")));
        mvc.perform(get("/console/audit").param("entityType", "member").param("entityId", memberId)
                        .param("to", "2000-01-01").with(staff(Role.SUPERVISOR)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("No entry matches.")));
    }

    @Test
    void theAuditLogRefusesUpdatesAndDeletes() {
        long id = jdbc.sql("select max(id) from audit_log").query(Long.class).single();
        assertThatThrownBy(() -> jdbc.sql("update audit_log set reason = 'rewritten' where id = :id")
                .param("id", id).update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_log where id = :id").param("id", id).update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("append-only");
        assertThat(jdbc.sql("select count(*) from audit_log where id = :id").param("id", id).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void onlyAdminsAddStoresAndBadFieldsAreShown() throws Exception {
        var code = "N" + unique();
        mvc.perform(post("/console/stores").with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("code", code).param("name", "Not allowed").param("region", "North"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/console/stores").with(staff(Role.AGENT))).andExpect(status().isForbidden());
        mvc.perform(get("/console/stores").with(staff(Role.PROGRAM_MANAGER))).andExpect(status().isOk());

        mvc.perform(post("/console/stores").with(staff(Role.ADMIN)).with(csrf()).param("code", "bad code!"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"code-error\"")))
                .andExpect(content().string(containsString("id=\"name-error\"")))
                .andExpect(content().string(containsString("id=\"region-error\"")));

        mvc.perform(post("/console/stores").with(staff(Role.ADMIN)).with(csrf())
                        .param("code", code).param("name", "North Star").param("region", "North").param("city", "Kiel"))
                .andExpect(status().is3xxRedirection());
        var store = stores.byCode(code).orElseThrow();
        assertThat(store.live()).isFalse();
        mvc.perform(get("/api/v1/stores").with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.code == '%s')].city".formatted(code)).value("Kiel"));
    }
}
