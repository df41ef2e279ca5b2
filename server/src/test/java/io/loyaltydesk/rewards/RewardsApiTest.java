package io.loyaltydesk.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.staff.Scope;
import io.loyaltydesk.staff.internal.ApiKeys;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.EnumSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

class RewardsApiTest extends RewardTestSupport {

    @Autowired
    ApiKeys apiKeys;

    @Test
    void badRewardsAreRefusedNamingEveryField() throws Exception {
        mvc.perform(post("/api/v1/rewards").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"\", \"kind\": \"POINTS_DISCOUNT\", \"costPoints\": 0, \"stock\": -1, "
                                + "\"visibility\": \"TIER\", \"limitPerMember\": 0}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/invalid-input"))
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("name",
                        "valueBand", "costPoints", "tierCodes", "stock", "limitPerMember", "discountMinor",
                        "currency")));
    }

    @Test
    void aCodeSpaceBelowATrillionIsRefused() throws Exception {
        mvc.perform(post("/api/v1/rewards").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"Short codes\", \"kind\": \"VOUCHER_CODE\", \"valueBand\": \"LOW\", "
                                + "\"costPoints\": 10, \"codeLength\": 8, \"codeAlphabet\": \"0123456789\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("codeLength"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("10^12")));
        // 10 digits, 12 long: exactly 10^12 is enough
        reward("\"codeLength\": 12, \"codeAlphabet\": \"0123456789\"");
    }

    @Test
    void aRewardIsCreatedChangedAndListedByTier() throws Exception {
        long pub = reward("\"stock\": 3, \"description\": \"A coffee\"");
        long gold = reward("\"visibility\": \"TIER\", \"tierCodes\": [\"GOLD\"]");
        rewardJson(pub).andExpect(jsonPath("$.reward.stockLeft").value(3))
                .andExpect(jsonPath("$.reward.codeSource").value("GENERATED"))
                .andExpect(jsonPath("$.reward.codeLength").value(12));

        mvc.perform(put("/api/v1/rewards/{id}", pub).with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"definition\": {\"name\": \"Big coffee\", \"kind\": \"VOUCHER_CODE\", "
                                + "\"valueBand\": \"MEDIUM\", \"costPoints\": 150}, \"reason\": \"bigger\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.reward.name").value("Big coffee"))
                .andExpect(jsonPath("$.reward.stockLeft").value(3))
                .andExpect(jsonPath("$.reward.version").value(2));

        mvc.perform(get("/api/v1/rewards?tier=").with(apiKey())).andExpect(status().isOk())
                .andExpect(jsonPath("$[*].reward.id").value(hasItem((int) pub)))
                .andExpect(jsonPath("$[*].reward.id").value(not(hasItem((int) gold))));
        mvc.perform(get("/api/v1/rewards?tier=GOLD").with(apiKey())).andExpect(status().isOk())
                .andExpect(jsonPath("$[*].reward.id").value(hasItem((int) gold)));

        long member = enrollWith(500);
        redeem(member, gold, 1).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/tier-exclusive"));
        assertThat(available(member)).isEqualTo(500);
    }

    @Test
    void redeemingAVoucherSpendsThePointsTakesStockAndHandsOutACode() throws Exception {
        long member = enrollWith(1000);
        long reward = reward("\"stock\": 10, \"codeValidDays\": 30");

        var result = redeem(member, reward, 2).andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("ISSUED"))
                .andExpect(jsonPath("$.points").value(200))
                .andExpect(jsonPath("$.codes", hasSize(2)))
                .andExpect(jsonPath("$.codes[0]").value(org.hamcrest.Matchers.matchesPattern(
                        "[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{12}")));

        assertThat(available(member)).isEqualTo(800);
        assertThat(ledger.balance(member).reserved()).isZero();
        rewardJson(reward).andExpect(jsonPath("$.reward.stockLeft").value(8));
        mvc.perform(get("/api/v1/members/{id}/redemptions", member).with(apiKey())).andExpect(status().isOk())
                .andExpect(jsonPath("$.items", hasSize(1)))
                .andExpect(jsonPath("$.items[0].id").value(id(result)));
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    @Test
    void refusedRedemptionsChangeNothing() throws Exception {
        long poor = enrollWith(50);
        long reward = reward("\"stock\": 2, \"limitPerMember\": 2");

        redeem(poor, reward, 1).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/insufficient-points"));
        rewardJson(reward).andExpect(jsonPath("$.reward.stockLeft").value(2));

        long rich = enrollWith(1000);
        redeem(rich, reward, 3).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/limit-reached"));
        redeem(rich, reward, 2).andExpect(status().isCreated());
        redeem(rich, reward, 1).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/limit-reached"));
        long other = enrollWith(1000);
        redeem(other, reward, 1).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/out-of-stock"));
        assertThat(available(other)).isEqualTo(1000);
        assertThat(available(rich)).isEqualTo(800);

        long paused = reward("\"status\": \"PAUSED\"");
        redeem(rich, paused, 1).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/reward-not-available"));
        long later = reward("\"validFrom\": \"" + clock.instant().plusSeconds(86_400) + "\"");
        redeem(rich, later, 1).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/reward-not-available"));
        assertThat(available(rich)).isEqualTo(800);
    }

    @Test
    void cancellingGivesPointsStockAndTheLimitBack() throws Exception {
        long member = enrollWith(300);
        long reward = reward("\"stock\": 1, \"limitPerMember\": 1");
        long redemption = id(redeem(member, reward, 1).andExpect(status().isCreated()));
        assertThat(available(member)).isEqualTo(200);

        mvc.perform(post("/api/v1/redemptions/{id}/cancel", redemption).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"changed mind\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CANCELLED"))
                .andExpect(jsonPath("$.codes", hasSize(0)));
        mvc.perform(post("/api/v1/redemptions/{id}/cancel", redemption).with(apiKey()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("CANCELLED"));

        assertThat(available(member)).isEqualTo(300);
        assertThat(ledger.balance(member).lifetimeRedeemed()).isZero();
        rewardJson(reward).andExpect(jsonPath("$.reward.stockLeft").value(1));
        assertThat(ledger.reconcile().balanced()).isTrue();
        redeem(member, reward, 1).andExpect(status().isCreated());
        assertThat(available(member)).isEqualTo(200);
    }

    @Test
    void aShippedItemMovesThroughFulfillmentAndAReturnRefunds() throws Exception {
        long member = enrollWith(500);
        long reward = reward("\"kind\": \"SHIPPED_ITEM\", \"stock\": 5");
        mvc.perform(post("/api/v1/members/{id}/redemptions", member).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"rewardId\": %d}".formatted(reward)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("shippingAddress"));
        long redemption = id(mvc.perform(post("/api/v1/members/{id}/redemptions", member).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"rewardId\": %d, \"shippingAddress\": \"Hauptstr. 1, Berlin\"}".formatted(reward)))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.status").value("REQUESTED")));

        fulfill(redemption, "DELIVERED", null).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/invalid-transition"));
        fulfill(redemption, "PACKED", null).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("PACKED"));
        fulfill(redemption, "SHIPPED", null).andExpect(status().isBadRequest());
        fulfill(redemption, "SHIPPED", "DHL-123").andExpect(status().isOk())
                .andExpect(jsonPath("$.tracking").value("DHL-123"));
        mvc.perform(post("/api/v1/redemptions/{id}/cancel", redemption).with(apiKey()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/not-cancellable"));
        fulfill(redemption, "DELIVERED", null).andExpect(status().isOk());
        assertThat(available(member)).isEqualTo(400);
        fulfill(redemption, "RETURNED", null).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("RETURNED"));
        assertThat(available(member)).isEqualTo(500);
        rewardJson(reward).andExpect(jsonPath("$.reward.stockLeft").value(5));
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    @Test
    void anImportedPoolHandsOutItsCodesAndWarnsWhenLow() throws Exception {
        long reward = reward("\"codeSource\": \"POOL\", \"lowPoolThreshold\": 2");
        rewardJson(reward).andExpect(jsonPath("$.reward.lowPool").value(true));
        var prefix = "P" + unique();
        var csv = "code\n" + prefix + "-A\n" + prefix + "-B\n" + prefix + "-C\n" + prefix + "-A\nbad code!\n";
        mvc.perform(post("/api/v1/rewards/{id}/codes", reward).with(apiKey()).contentType("text/csv").content(csv))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.imported").value(3))
                .andExpect(jsonPath("$.invalid", hasSize(1)))
                .andExpect(jsonPath("$.poolLeft").value(3));
        rewardJson(reward).andExpect(jsonPath("$.reward.lowPool").value(false));

        long member = enrollWith(1000);
        long first = id(redeem(member, reward, 1).andExpect(status().isCreated())
                .andExpect(jsonPath("$.codes[0]").value(prefix + "-A")));
        redeem(member, reward, 1).andExpect(status().isCreated());
        rewardJson(reward).andExpect(jsonPath("$.reward.lowPool").value(true)).andExpect(jsonPath("$.poolLeft").value(1));
        redeem(member, reward, 2).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/out-of-codes"));
        assertThat(available(member)).isEqualTo(800);

        mvc.perform(post("/api/v1/redemptions/{id}/cancel", first).with(apiKey())).andExpect(status().isOk());
        rewardJson(reward).andExpect(jsonPath("$.poolLeft").value(2)).andExpect(jsonPath("$.reward.lowPool").value(false));
    }

    @Test
    void imagesAreCheckedAndServedPublicly() throws Exception {
        long reward = reward("");
        var png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", png);
        mvc.perform(put("/api/v1/rewards/{id}/image", reward).with(apiKey()).contentType(MediaType.IMAGE_PNG)
                        .content(png.toByteArray()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.imageUrl").value(org.hamcrest.Matchers.startsWith("/media/rewards/" + reward)));
        mvc.perform(get("/media/rewards/{id}", reward)).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/png"))
                .andExpect(content().bytes(png.toByteArray()));
        // an SVG declared as PNG is recognised by its content
        mvc.perform(put("/api/v1/rewards/{id}/image", reward).with(apiKey()).contentType(MediaType.IMAGE_PNG)
                        .content("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("image"));
        mvc.perform(put("/api/v1/rewards/{id}/image", reward).with(apiKey()).contentType(MediaType.IMAGE_PNG)
                        .content(new byte[2 * 1024 * 1024 + 1]))
                .andExpect(status().isBadRequest());
    }

    @Test
    void callersNeedTheRewardsScopes() throws Exception {
        var readOnly = apiKeys.create("rewards-read-" + unique(), EnumSet.of(Scope.REWARDS_READ), "test").secret();
        mvc.perform(get("/api/v1/rewards").with(apiKey(readOnly))).andExpect(status().isOk());
        mvc.perform(post("/api/v1/rewards").with(apiKey(readOnly)).contentType(MediaType.APPLICATION_JSON)
                .content("{}")).andExpect(status().isForbidden());
        var membersOnly = apiKeys.create("members-" + unique(), EnumSet.of(Scope.MEMBERS_READ), "test").secret();
        mvc.perform(get("/api/v1/rewards").with(apiKey(membersOnly))).andExpect(status().isForbidden());
    }

    private org.springframework.test.web.servlet.ResultActions fulfill(long redemption, String status, String tracking)
            throws Exception {
        return mvc.perform(post("/api/v1/redemptions/{id}/fulfillment", redemption).with(apiKey())
                .contentType(MediaType.APPLICATION_JSON)
                .content(tracking == null ? "{\"status\": \"%s\"}".formatted(status)
                        : "{\"status\": \"%s\", \"tracking\": \"%s\"}".formatted(status, tracking)));
    }
}
