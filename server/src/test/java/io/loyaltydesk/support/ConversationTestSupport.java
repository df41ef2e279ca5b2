package io.loyaltydesk.support;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.ledger.PointsLedger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** What the support tests share: members and conversations made through the API. */
abstract class ConversationTestSupport extends IntegrationTest {

    @Autowired
    protected Conversations conversations;

    @Autowired
    protected PointsLedger ledger;

    protected long enroll(String firstName, String email) throws Exception {
        var body = mvc.perform(post("/api/v1/members").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"firstName": "%s", "lastName": "Berg", "email": "%s"}
                                """.formatted(firstName, email)))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(body, "$.id")).longValue();
    }

    protected long open(String email, String subject, String message) throws Exception {
        var body = mvc.perform(post("/api/v1/conversations").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"channel": "WEB_FORM", "subject": %s, "email": "%s", "message": %s}
                                """.formatted(quote(subject), email, quote(message))))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(body, "$.conversation.id")).longValue();
    }

    protected static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
