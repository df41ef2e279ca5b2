package io.loyaltydesk.support.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.staff.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Who may open the live streams and send typing/read signals, and how bad widget input is answered. */
class LiveAccessTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WidgetProperties properties;

    @Test
    void onlyDeskRolesOpenTheDeskStream() throws Exception {
        mvc.perform(get("/desk/live").with(staff(Role.STORE_STAFF))).andExpect(status().isForbidden());
        mvc.perform(get("/desk/live").with(staff(Role.READ_ONLY))).andExpect(status().isForbidden());
        var open = mvc.perform(get("/desk/live").with(staff(Role.AGENT))).andExpect(request().asyncStarted())
                .andReturn();
        // closes the stream, so the tester does not stay "online" for the other tests of this context
        open.getRequest().getAsyncContext().complete();
    }

    @Test
    void deskSignalsNeedCsrfAndADeskRole() throws Exception {
        mvc.perform(post("/desk/conversations/1/typing").with(staff(Role.AGENT))).andExpect(status().isForbidden());
        mvc.perform(post("/desk/conversations/1/typing").with(staff(Role.STORE_STAFF)).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/desk/conversations/999999999/typing").with(staff(Role.AGENT)).with(csrf()))
                .andExpect(status().isNotFound());
    }

    @Test
    void thePortalChatNeedsAMemberLogin() throws Exception {
        mvc.perform(get("/portal/chat")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/portal/chat/live")).andExpect(status().is3xxRedirection());
        // a staff login is no member login
        mvc.perform(get("/portal/chat").with(staff(Role.ADMIN))).andExpect(status().isForbidden());
    }

    @Test
    void badWidgetInputIsExplainedAndOpensNothing() throws Exception {
        long before = jdbc.sql("select count(*) from conversations").query(Long.class).single();
        mvc.perform(post("/support/widget/api/chats").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"Ida\", \"email\": \"not-an-email\", \"message\": \"hi\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("email"));
        mvc.perform(post("/support/widget/api/chats").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"\", \"email\": \"ida@example.test\", \"message\": \"hi\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("name"));
        mvc.perform(post("/support/widget/api/chats").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"Ida\", \"email\": \"ida@example.test\", \"message\": \"\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("message"));
        mvc.perform(post("/support/widget/api/chats").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"Ida\", \"message\": \"hi\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("email"));
        assertThat(jdbc.sql("select count(*) from conversations").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void aVisitorSendingTooFastIsSlowedDown() throws Exception {
        var started = mvc.perform(post("/support/widget/api/chats").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"Fast\", \"email\": \"%s\", \"message\": \"hi\"}".formatted(uniqueEmail())))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        String token = com.jayway.jsonpath.JsonPath.read(started, "$.token");
        int max = properties.messagesPerMinuteMax();
        long since = System.nanoTime();
        int accepted = 0;
        int answer;
        // the limit refills one message every 60/max seconds, so on a slow machine a few more may pass than max
        while ((answer = mvc.perform(post("/support/widget/api/messages").header(WidgetApi.TOKEN_HEADER, token)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"body\": \"message " + accepted + "\"}"))
                .andReturn().getResponse().getStatus()) == 200 && accepted <= 3 * max) {
            accepted++;
        }
        double seconds = (System.nanoTime() - since) / 1e9;
        assertThat(answer).isEqualTo(429);
        assertThat(accepted).isBetween(max, max + (int) Math.ceil(seconds * max / 60.0) + 1);
    }
}
