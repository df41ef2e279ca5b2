package io.loyaltydesk.rewards;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.ledger.PointsLedger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

/** Members with points and rewards made through the API, for the rewards tests. */
abstract class RewardTestSupport extends IntegrationTest {

    @Autowired
    protected PointsLedger ledger;

    protected long enrollWith(long points) throws Exception {
        var result = mvc.perform(post("/api/v1/members").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"firstName\": \"Reward\", \"email\": \"%s\"}".formatted(uniqueEmail())))
                .andExpect(status().isCreated()).andReturn();
        long member = Long.parseLong(result.getResponse().getHeader("Location").replaceAll(".*/", ""));
        for (long left = points; left > 0; left -= 500) {
            mvc.perform(post("/api/v1/members/{id}/points/adjustments", member).with(apiKey())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"points\": %d, \"reason\": \"test\"}".formatted(Math.min(500, left))))
                    .andExpect(status().isCreated());
        }
        return member;
    }

    /** Creates a reward from JSON fields added to a valid base (name, kind, band, cost). */
    protected long reward(String extraJson) throws Exception {
        var body = "{\"name\": \"Reward " + unique() + "\", \"kind\": \"VOUCHER_CODE\", \"valueBand\": \"LOW\", "
                + "\"costPoints\": 100" + (extraJson.isBlank() ? "" : ", " + extraJson) + "}";
        var json = mvc.perform(post("/api/v1/rewards").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(json, "$.reward.id")).longValue();
    }

    protected ResultActions redeem(long member, long reward, int quantity) throws Exception {
        return mvc.perform(post("/api/v1/members/{id}/redemptions", member).with(apiKey())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"rewardId\": %d, \"quantity\": %d}".formatted(reward, quantity)));
    }

    protected long available(long member) {
        return ledger.balance(member).available();
    }

    protected ResultActions rewardJson(long reward) throws Exception {
        return mvc.perform(get("/api/v1/rewards/{id}", reward).with(apiKey())).andExpect(status().isOk());
    }

    protected static long id(ResultActions result) throws Exception {
        return ((Number) JsonPath.read(result.andReturn().getResponse().getContentAsString(), "$.id")).longValue();
    }

    protected static String text(ResultActions result, String path) throws Exception {
        return JsonPath.read(result.andReturn().getResponse().getContentAsString(), path).toString();
    }
}
