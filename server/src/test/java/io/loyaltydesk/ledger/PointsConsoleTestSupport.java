package io.loyaltydesk.ledger;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.loyaltydesk.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** What the points console tests share: a fresh member and the ledger to look behind the pages. */
abstract class PointsConsoleTestSupport extends IntegrationTest {

    @Autowired
    protected PointsLedger ledger;

    protected long enroll(String firstName) throws Exception {
        var body = mvc.perform(post("/api/v1/members").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"firstName": "%s", "lastName": "Berg", "email": "%s"}
                                """.formatted(firstName, uniqueEmail())))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(body, "$.id")).longValue();
    }
}
