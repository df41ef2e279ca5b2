package io.loyaltydesk.tiers;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** A Gold-only reward: a Gold member redeems it, a member below Gold is refused. */
class TierExclusiveRewardTest extends TierTestSupport {

    @Test
    void onlyMembersHoldingTheTierRedeemATierExclusiveReward() throws Exception {
        long gold = enroll("CARD-" + unique());
        long base = enroll("CARD-" + unique());
        var until = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).plusDays(30);
        mvc.perform(put("/api/v1/members/{id}/tier/override", gold).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tier\": \"GOLD\", \"until\": \"%s\", \"reason\": \"test\"}".formatted(until)))
                .andExpect(status().isOk());
        for (long member : new long[] {gold, base}) {
            mvc.perform(post("/api/v1/members/{id}/points/adjustments", member).with(apiKey())
                            .contentType(MediaType.APPLICATION_JSON).content("{\"points\": 300, \"reason\": \"test\"}"))
                    .andExpect(status().isCreated());
        }
        var created = mvc.perform(post("/api/v1/rewards").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"Gold lounge " + unique() + "\", \"kind\": \"IN_STORE_ITEM\", "
                                + "\"valueBand\": \"HIGH\", \"costPoints\": 200, \"visibility\": \"TIER\", "
                                + "\"tierCodes\": [\"GOLD\"]}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long reward = ((Number) JsonPath.read(created, "$.reward.id")).longValue();

        redeem(gold, reward).andExpect(status().isCreated());
        redeem(base, reward).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/tier-exclusive"));
    }

    private org.springframework.test.web.servlet.ResultActions redeem(long member, long reward) throws Exception {
        return mvc.perform(post("/api/v1/members/{id}/redemptions", member).with(apiKey())
                .contentType(MediaType.APPLICATION_JSON).content("{\"rewardId\": %d, \"quantity\": 1}".formatted(reward)));
    }
}
