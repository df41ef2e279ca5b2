package io.loyaltydesk.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.loyaltydesk.ledger.PointsLedger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

/** A reward for one segment: its members redeem it, everybody else is refused with points and stock untouched. */
class SegmentExclusiveRewardTest extends SegmentTestSupport {

    @Autowired
    PointsLedger ledger;

    @Test
    void aSegmentExclusiveRewardNeedsItsSegments() throws Exception {
        mvc.perform(post("/api/v1/rewards").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"VIP " + unique() + "\", \"kind\": \"IN_STORE_ITEM\", "
                                + "\"valueBand\": \"HIGH\", \"costPoints\": 200, \"visibility\": \"SEGMENT\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("segmentCodes"));
        mvc.perform(post("/api/v1/rewards").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"VIP " + unique() + "\", \"kind\": \"IN_STORE_ITEM\", "
                                + "\"valueBand\": \"HIGH\", \"costPoints\": 200, \"visibility\": \"SEGMENT\", "
                                + "\"segmentCodes\": [\"not ok!\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("segmentCodes"));
    }

    @Test
    void onlyMembersOfTheSegmentRedeemASegmentExclusiveReward() throws Exception {
        var code = segment();
        long insider = enroll(uniqueEmail(), 500);
        long outsider = enroll(uniqueEmail(), 500);
        segments.addMembers(code, List.of(insider), null);
        var created = mvc.perform(post("/api/v1/rewards").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"Launch party " + unique() + "\", \"kind\": \"IN_STORE_ITEM\", "
                                + "\"valueBand\": \"HIGH\", \"costPoints\": 200, \"stock\": 5, "
                                + "\"visibility\": \"SEGMENT\", \"segmentCodes\": [\"" + code.toLowerCase() + "\"]}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.reward.visibility").value("SEGMENT"))
                .andExpect(jsonPath("$.reward.segmentCodes[0]").value(code))
                .andReturn().getResponse().getContentAsString();
        long reward = ((Number) JsonPath.read(created, "$.reward.id")).longValue();

        redeem(insider, reward).andExpect(status().isCreated());
        assertThat(ledger.balance(insider).available()).isEqualTo(300);

        redeem(outsider, reward).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/segment-exclusive"));
        assertThat(ledger.balance(outsider).available()).isEqualTo(500);
        mvc.perform(get("/api/v1/rewards/{id}", reward).with(apiKey()))
                .andExpect(jsonPath("$.reward.stockLeft").value(4));

        // the member-facing list shows the reward to the insider only; a tier list leaves it out
        mvc.perform(get("/api/v1/rewards").param("memberId", Long.toString(insider)).with(apiKey()))
                .andExpect(status().isOk()).andExpect(jsonPath("$[*].reward.id").value(hasItem((int) reward)));
        mvc.perform(get("/api/v1/rewards").param("memberId", Long.toString(outsider)).with(apiKey()))
                .andExpect(status().isOk()).andExpect(jsonPath("$[*].reward.id").value(not(hasItem((int) reward))));
        mvc.perform(get("/api/v1/rewards").param("tier", "").with(apiKey()))
                .andExpect(status().isOk()).andExpect(jsonPath("$[*].reward.id").value(not(hasItem((int) reward))));
        mvc.perform(get("/api/v1/rewards").param("memberId", Long.toString(900_000_000_000L + unique()))
                .with(apiKey())).andExpect(status().isNotFound());

        // taken out of the segment, the insider is refused too
        segments.removeMember(code, insider, null);
        redeem(insider, reward).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/segment-exclusive"));
        assertThat(ledger.balance(insider).available()).isEqualTo(300);
    }

    private ResultActions redeem(long member, long reward) throws Exception {
        return mvc.perform(post("/api/v1/members/{id}/redemptions", member).with(apiKey())
                .contentType(MediaType.APPLICATION_JSON).content("{\"rewardId\": %d, \"quantity\": 1}".formatted(reward)));
    }
}
