package io.loyaltydesk.segments;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.loyaltydesk.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Members, segments and audit counts made and read through the API, for the segments tests. */
abstract class SegmentTestSupport extends IntegrationTest {

    @Autowired
    protected Segments segments;

    @Autowired
    protected JdbcClient jdbc;

    /** A member with the email and the given points; returns the member's id. */
    protected long enroll(String email, long points) throws Exception {
        var result = mvc.perform(post("/api/v1/members").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"firstName\": \"Segment\", \"email\": \"%s\"}".formatted(email)))
                .andExpect(status().isCreated()).andReturn();
        long member = Long.parseLong(result.getResponse().getHeader("Location").replaceAll(".*/", ""));
        if (points > 0) {
            mvc.perform(post("/api/v1/members/{id}/points/adjustments", member).with(apiKey())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"points\": %d, \"reason\": \"test\"}".formatted(points)))
                    .andExpect(status().isCreated());
        }
        return member;
    }

    protected String memberNumber(long member) throws Exception {
        var json = mvc.perform(get("/api/v1/members/{id}", member).with(apiKey())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        return JsonPath.read(json, "$.memberNumber");
    }

    /** A new segment with a unique code; returns the code. */
    protected String segment() throws Exception {
        var code = "SEG-" + unique();
        mvc.perform(post("/api/v1/segments").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"code\": \"%s\", \"name\": \"Segment %s\"}".formatted(code, code)))
                .andExpect(status().isCreated());
        return code;
    }

    protected long audits(String action, String code) {
        return jdbc.sql("select count(*) from audit_log where action = :action and entity_type = 'segment' "
                        + "and entity_id = :code")
                .param("action", action).param("code", code).query(Long.class).single();
    }
}
