package io.loyaltydesk.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.loyaltydesk.staff.Scope;
import io.loyaltydesk.staff.internal.ApiKeys;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** Segments and their members through the API: validation, members by id and CSV, paging, audit, scopes. */
class SegmentApiTest extends SegmentTestSupport {

    @Autowired
    ApiKeys apiKeys;

    @Test
    void aSegmentIsValidatedCreatedReadAndChangedWithEveryChangeAudited() throws Exception {
        mvc.perform(post("/api/v1/segments").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"code\": \"no spaces!\", \"name\": \" \"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder("code", "name")));
        mvc.perform(post("/api/v1/segments").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"No code\", \"description\": \"" + "x".repeat(2001) + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder("code", "description")));

        var code = "vip-" + unique();
        var upper = code.toUpperCase();
        mvc.perform(post("/api/v1/segments").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"code\": \"%s\", \"name\": \"VIP guests\", \"description\": \"Launch\"}"
                                .formatted(code)))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/segments/" + upper))
                .andExpect(jsonPath("$.code").value(upper))
                .andExpect(jsonPath("$.memberCount").value(0));
        mvc.perform(post("/api/v1/segments").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"code\": \"%s\", \"name\": \"Again\"}".formatted(upper)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("/problems/segment-exists"));

        mvc.perform(put("/api/v1/segments/{code}", upper).with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("name"));
        mvc.perform(put("/api/v1/segments/{code}", upper).with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"VIP\", \"description\": \"Invited\", \"reason\": \"shorter\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.name").value("VIP"));
        mvc.perform(get("/api/v1/segments/{code}", upper).with(apiKey()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.description").value("Invited"));
        mvc.perform(get("/api/v1/segments").with(apiKey()))
                .andExpect(status().isOk()).andExpect(jsonPath("$[*].code").value(hasItem(upper)));
        mvc.perform(get("/api/v1/segments/{code}", "NOPE-" + unique()).with(apiKey()))
                .andExpect(status().isNotFound());

        assertThat(audits("segment.created", upper)).isEqualTo(1);
        assertThat(audits("segment.changed", upper)).isEqualTo(1);
    }

    @Test
    void membersAreAddedByIdRemovedAndListedPageByPage() throws Exception {
        var code = segment();
        long anna = enroll(uniqueEmail(), 0);
        long ben = enroll(uniqueEmail(), 0);
        long nobody = 900_000_000_000L + unique();

        mvc.perform(post("/api/v1/segments/{code}/members", code).with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"memberIds\": [%d, %d, %d]}".formatted(anna, ben, nobody)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.added").value(2))
                .andExpect(jsonPath("$.alreadyMembers").value(0))
                .andExpect(jsonPath("$.unknown[0]").value(nobody));
        mvc.perform(post("/api/v1/segments/{code}/members", code).with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"memberIds\": [%d]}".formatted(anna)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.added").value(0)).andExpect(jsonPath("$.alreadyMembers").value(1));
        mvc.perform(post("/api/v1/segments/{code}/members", code).with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"memberIds\": []}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("memberIds"));
        assertThat(segments.isMember(code, anna)).isTrue();
        assertThat(segments.segmentCodesOf(ben)).containsExactly(code);
        assertThat(segments.memberCount(code)).isEqualTo(2);

        var first = mvc.perform(get("/api/v1/segments/{code}/members", code).param("limit", "1").with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].memberId").value(Math.min(anna, ben)))
                .andReturn().getResponse().getContentAsString();
        String cursor = JsonPath.read(first, "$.nextCursor");
        mvc.perform(get("/api/v1/segments/{code}/members", code).param("limit", "1").param("cursor", cursor)
                        .with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].memberId").value(Math.max(anna, ben)))
                .andExpect(jsonPath("$.nextCursor").doesNotExist());

        mvc.perform(delete("/api/v1/segments/{code}/members/{id}", code, anna).with(apiKey()))
                .andExpect(status().isNoContent());
        mvc.perform(delete("/api/v1/segments/{code}/members/{id}", code, anna).with(apiKey()))
                .andExpect(status().isNoContent());
        assertThat(segments.isMember(code, anna)).isFalse();
        mvc.perform(get("/api/v1/segments/{code}", code).with(apiKey()))
                .andExpect(jsonPath("$.memberCount").value(1));

        assertThat(audits("segment.members-added", code)).isEqualTo(1);
        assertThat(audits("segment.member-removed", code)).isEqualTo(1);
    }

    @Test
    void aCsvOfMemberNumbersAndEmailsIsReportedLineByLine() throws Exception {
        var code = segment();
        var annaEmail = uniqueEmail();
        long anna = enroll(annaEmail, 0);
        long ben = enroll(uniqueEmail(), 0);
        segments.addMembers(code, java.util.List.of(ben), null);
        var csv = "member\n" + annaEmail.toUpperCase() + "\n\n" + memberNumber(ben) + ";extra column\n"
                + "nobody-" + unique() + "@example.test\n";

        mvc.perform(post("/api/v1/segments/{code}/members/import", code).with(apiKey())
                        .contentType("text/csv").content(csv))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.added").value(1))
                .andExpect(jsonPath("$.alreadyMembers").value(1))
                .andExpect(jsonPath("$.unknown").value(1))
                .andExpect(jsonPath("$.lines[0].line").value(2))
                .andExpect(jsonPath("$.lines[0].outcome").value("ADDED"))
                .andExpect(jsonPath("$.lines[0].memberId").value(anna))
                .andExpect(jsonPath("$.lines[1].line").value(4))
                .andExpect(jsonPath("$.lines[1].outcome").value("ALREADY_MEMBER"))
                .andExpect(jsonPath("$.lines[2].outcome").value("UNKNOWN"));
        assertThat(segments.isMember(code, anna)).isTrue();
        assertThat(audits("segment.members-imported", code)).isEqualTo(1);

        mvc.perform(post("/api/v1/segments/{code}/members/import", code).with(apiKey())
                        .contentType("text/csv").content("email\n\n"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("file"));
    }

    @Test
    void aMergeMovesSegmentsToTheSurvivorAndAnErasureEmptiesThem() throws Exception {
        var vip = segment();
        var launch = segment();
        long survivor = enroll(uniqueEmail(), 0);
        long duplicate = enroll(uniqueEmail(), 0);
        segments.addMembers(vip, java.util.List.of(survivor, duplicate), null);
        segments.addMembers(launch, java.util.List.of(duplicate), null);

        segments.mergeInto(duplicate, survivor);
        assertThat(segments.segmentCodesOf(survivor)).containsExactlyInAnyOrder(vip, launch);
        assertThat(segments.segmentCodesOf(duplicate)).isEmpty();

        segments.forget(survivor);
        assertThat(segments.segmentCodesOf(survivor)).isEmpty();
        assertThat(segments.memberCount(vip)).isZero();
    }

    @Test
    void callersNeedTheMembersScopes() throws Exception {
        var code = segment();
        mvc.perform(get("/api/v1/segments")).andExpect(status().isUnauthorized());
        mvc.perform(post("/api/v1/segments").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isUnauthorized());

        var readOnly = apiKeys.create("members-read-" + unique(), EnumSet.of(Scope.MEMBERS_READ), "test").secret();
        mvc.perform(get("/api/v1/segments/{code}/members", code).with(apiKey(readOnly))).andExpect(status().isOk());
        mvc.perform(post("/api/v1/segments").with(apiKey(readOnly)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"code\": \"X" + unique() + "\", \"name\": \"X\"}")).andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/segments/{code}/members", code).with(apiKey(readOnly))
                .contentType(MediaType.APPLICATION_JSON).content("{\"memberIds\": [1]}"))
                .andExpect(status().isForbidden());
        mvc.perform(delete("/api/v1/segments/{code}/members/1", code).with(apiKey(readOnly)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/segments/{code}/members/import", code).with(apiKey(readOnly))
                .contentType("text/csv").content("x@example.test")).andExpect(status().isForbidden());

        var rewardsOnly = apiKeys.create("rewards-" + unique(), EnumSet.of(Scope.REWARDS_READ), "test").secret();
        mvc.perform(get("/api/v1/segments").with(apiKey(rewardsOnly))).andExpect(status().isForbidden());
    }
}
