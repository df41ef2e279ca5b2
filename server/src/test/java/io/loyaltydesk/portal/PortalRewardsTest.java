package io.loyaltydesk.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.jayway.jsonpath.JsonPath;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.rewards.Redemption;
import io.loyaltydesk.rewards.RedemptionSearch;
import io.loyaltydesk.rewards.Redemptions;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** The portal's rewards: what a member sees, redeeming once per confirmation, their codes, and no one else's. */
class PortalRewardsTest extends PortalTestSupport {

    @Autowired
    PointsLedger ledger;
    @Autowired
    Redemptions redemptions;

    @Test
    void theCatalogShowsOnlyWhatTheRewardsModuleLetsTheMemberSeeWithWhetherItIsAffordable() throws Exception {
        var joined = join("Cleo");
        give(joined, 120);
        var cheap = reward("\"costPoints\": 100, \"stock\": 7, \"limitPerMember\": 2");
        var dear = reward("\"costPoints\": 500");
        var forGold = reward("\"visibility\": \"TIER\", \"tierCodes\": [\"GOLD-" + unique() + "\"]");
        var paused = reward("\"status\": \"PAUSED\"");

        mvc.perform(get("/portal/rewards").cookie(joined.session()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(name(cheap))))
                .andExpect(content().string(containsString(name(dear))))
                .andExpect(content().string(not(containsString(name(forGold)))))
                .andExpect(content().string(not(containsString(name(paused)))))
                .andExpect(content().string(containsString("You have 120 points to spend")))
                .andExpect(content().string(containsString("380 more points needed")))
                .andExpect(content().string(containsString("7 left")))
                .andExpect(content().string(containsString("You can redeem this 2 more times")));
        mvc.perform(get("/portal/rewards/{id}", cheap).cookie(joined.session()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("href=\"/portal/rewards/" + cheap + "/redeem\"")));
        mvc.perform(get("/portal/rewards/{id}", dear).cookie(joined.session()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("You need 380 more points for this reward")))
                .andExpect(content().string(not(containsString("/redeem\""))));
        // what the member may not see cannot be opened or redeemed by guessing its address either
        mvc.perform(get("/portal/rewards/{id}", forGold).cookie(joined.session())).andExpect(status().isNotFound());
        mvc.perform(post("/portal/rewards/{id}/redeem", forGold).cookie(joined.session()).with(csrf())
                .param("requestKey", java.util.UUID.randomUUID().toString())).andExpect(status().isNotFound());
        assertThat(mine(joined)).isEmpty();
    }

    @Test
    void submittingTheSameConfirmationTwiceRedeemsOnce() throws Exception {
        var joined = join("Dora");
        give(joined, 300);
        var reward = reward("\"costPoints\": 100");

        var key = requestKey(joined, reward);
        var first = mvc.perform(post("/portal/rewards/{id}/redeem", reward).cookie(joined.session()).with(csrf())
                        .param("requestKey", key))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        var second = mvc.perform(post("/portal/rewards/{id}/redeem", reward).cookie(joined.session()).with(csrf())
                        .param("requestKey", key))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();

        assertThat(first).matches("/portal/redemptions/\\d+\\?new");
        assertThat(second).isEqualTo(first);
        assertThat(mine(joined)).hasSize(1);
        assertThat(ledger.balance(joined.memberId()).available()).isEqualTo(200);

        // a new confirmation is a new redemption
        mvc.perform(post("/portal/rewards/{id}/redeem", reward).cookie(joined.session()).with(csrf())
                        .param("requestKey", requestKey(joined, reward)))
                .andExpect(status().is3xxRedirection());
        assertThat(mine(joined)).hasSize(2);
    }

    @Test
    void twoSubmitsOfTheSameFormAtOnceRedeemOnce() throws Exception {
        var joined = join("Edda");
        give(joined, 500);
        var reward = reward("\"costPoints\": 100");
        var key = requestKey(joined, reward);

        var calls = new ArrayList<Callable<String>>();
        for (int i = 0; i < 4; i++) {
            calls.add(() -> mvc.perform(post("/portal/rewards/{id}/redeem", reward).cookie(joined.session())
                            .with(csrf()).param("requestKey", key))
                    .andReturn().getResponse().getRedirectedUrl());
        }
        try (var pool = Executors.newFixedThreadPool(4)) {
            var answers = new ArrayList<String>();
            for (var future : pool.invokeAll(calls)) {
                answers.add(future.get());
            }
            assertThat(answers).doesNotContainNull().allMatch(a -> a.equals(answers.getFirst()));
        }
        assertThat(mine(joined)).hasSize(1);
        assertThat(ledger.balance(joined.memberId()).available()).isEqualTo(400);
    }

    @Test
    void anUnaffordableRewardIsRefusedWithAReadableMessageAndNothingChanges() throws Exception {
        var joined = join("Ines");
        give(joined, 150);
        var reward = reward("\"costPoints\": 200");

        mvc.perform(post("/portal/rewards/{id}/redeem", reward).cookie(joined.session()).with(csrf())
                        .param("requestKey", requestKey(joined, reward)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(
                        "You do not have enough points for this reward: you need 50 more.")))
                .andExpect(content().string(containsString("name=\"requestKey\"")));
        assertThat(mine(joined)).isEmpty();
        assertThat(ledger.balance(joined.memberId()).available()).isEqualTo(150);
        mvc.perform(get("/portal/rewards/{id}/redeem", reward).cookie(joined.session()).param("lang", "de"))
                .andExpect(content().string(containsString("Diese Prämie einlösen?")));
    }

    @Test
    void redeemingNeedsTheCsrfTokenAndALogin() throws Exception {
        var joined = join("Jana");
        give(joined, 150);
        var reward = reward("\"costPoints\": 100");
        mvc.perform(post("/portal/rewards/{id}/redeem", reward).cookie(joined.session())
                        .param("requestKey", java.util.UUID.randomUUID().toString()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/portal/rewards")).andExpect(redirectedUrl("/portal/login"));
        assertThat(mine(joined)).isEmpty();
    }

    @Test
    void theMemberSeesTheCodeBigWithAQrCodeAndCanCancelButNobodyElseCanSeeIt() throws Exception {
        var joined = join("Kai");
        give(joined, 150);
        var reward = reward("\"costPoints\": 100");
        var url = mvc.perform(post("/portal/rewards/{id}/redeem", reward).cookie(joined.session()).with(csrf())
                        .param("requestKey", requestKey(joined, reward)))
                .andReturn().getResponse().getRedirectedUrl().replace("?new", "");
        var redemption = mine(joined).getFirst();
        var code = redemption.codes().getFirst();

        mvc.perform(get(url + "?new").cookie(joined.session()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Done! " + name(reward) + " is yours.")))
                .andExpect(content().string(containsString("id=\"code-0\">" + code + "<")))
                .andExpect(content().string(containsString("data-copy=\"" + code + "\"")))
                .andExpect(content().string(containsString("Ready to use")));
        var png = mvc.perform(get(url + "/codes/0/qr.png").cookie(joined.session()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        assertThat(decodeQr(png)).isEqualTo(code);
        mvc.perform(get("/portal/redemptions").cookie(joined.session()))
                .andExpect(content().string(containsString(name(reward))));

        var other = join("Lars");
        mvc.perform(get(url).cookie(other.session())).andExpect(status().isNotFound());
        mvc.perform(get(url + "/codes/0/qr.png").cookie(other.session())).andExpect(status().isNotFound());
        mvc.perform(post(url + "/cancel").cookie(other.session()).with(csrf())).andExpect(status().isNotFound());
        mvc.perform(get("/portal/redemptions").cookie(other.session()))
                .andExpect(content().string(not(containsString(name(reward)))));
        assertThat(redemptions.get(redemption.id()).status()).isEqualTo(Redemption.Status.ISSUED);

        mvc.perform(post(url + "/cancel").cookie(joined.session()).with(csrf())).andExpect(redirectedUrl(url));
        assertThat(redemptions.get(redemption.id()).status()).isEqualTo(Redemption.Status.CANCELLED);
        assertThat(ledger.balance(joined.memberId()).available()).isEqualTo(150);
        long byMember = jdbc.sql("""
                select count(*) from audit_log where action = 'reward.redemption-cancelled' and actor_type = 'MEMBER'
                   and actor_id = :member
                """).param("member", Long.toString(joined.memberId())).query(Long.class).single();
        assertThat(byMember).isEqualTo(1);
        mvc.perform(get(url).cookie(joined.session()))
                .andExpect(content().string(containsString("Cancelled, points given back")))
                .andExpect(content().string(not(containsString("id=\"code-0\""))));
    }

    @Test
    void redeemingAsksForThePasswordAgainWhenTheLoginIsOldAndRedeemsNothingUntilThen() throws Exception {
        var joined = join("Fenna");
        give(joined, 500);
        long reward = reward("\"costPoints\": 100");
        var key = requestKey(joined, reward);
        var now = clock.instant();
        try {
            clock.advance(java.time.Duration.ofMinutes(11));
            mvc.perform(get("/portal/rewards/{id}/redeem", reward).cookie(joined.session()))
                    .andExpect(redirectedUrl("/portal/confirm-password?next=%2Fportal%2Frewards%2F" + reward
                            + "%2Fredeem"));
            mvc.perform(post("/portal/rewards/{id}/redeem", reward).cookie(joined.session()).with(csrf())
                            .param("requestKey", key))
                    .andExpect(status().is3xxRedirection());
            assertThat(mine(joined)).isEmpty();
            assertThat(ledger.balance(joined.memberId()).available()).isEqualTo(500);

            mvc.perform(post("/portal/confirm-password").with(csrf()).cookie(joined.session())
                            .param("password", PASSWORD).param("next", "/portal/rewards/" + reward + "/redeem"))
                    .andExpect(redirectedUrl("/portal/rewards/" + reward + "/redeem"));
            mvc.perform(post("/portal/rewards/{id}/redeem", reward).cookie(joined.session()).with(csrf())
                            .param("requestKey", key))
                    .andExpect(status().is3xxRedirection());
            assertThat(mine(joined)).hasSize(1);
        } finally {
            clock.set(now);
        }
    }

    // ---- helpers

    private void give(Joined joined, long points) throws Exception {
        mvc.perform(post("/api/v1/members/{id}/points/adjustments", joined.memberId()).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"points\": %d, \"reason\": \"test\"}".formatted(points)))
                .andExpect(status().isCreated());
    }

    private long reward(String extraJson) throws Exception {
        var body = "{\"name\": \"Portal reward " + unique() + "\", \"kind\": \"VOUCHER_CODE\", \"valueBand\": \"LOW\", "
                + (extraJson.contains("costPoints") ? "" : "\"costPoints\": 100, ") + extraJson + "}";
        var json = mvc.perform(post("/api/v1/rewards").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(json, "$.reward.id")).longValue();
    }

    private String name(long reward) {
        return jdbc.sql("select name from rewards where id = :id").param("id", reward).query(String.class).single();
    }

    /** The one-time key of a fresh confirmation page. */
    private String requestKey(Joined joined, long reward) throws Exception {
        var page = mvc.perform(get("/portal/rewards/{id}/redeem", reward).cookie(joined.session()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        var key = page.replaceAll("(?s).*name=\"requestKey\" value=\"([^\"]+)\".*", "$1");
        assertThat(key).matches("[0-9a-f-]{36}");
        return key;
    }

    private java.util.List<Redemption> mine(Joined joined) {
        return redemptions.search(new RedemptionSearch(null, null, joined.memberId()), null, 50).items();
    }

    private static String decodeQr(byte[] png) throws Exception {
        var image = ImageIO.read(new ByteArrayInputStream(png));
        var pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(),
                pixels)));
        return new QRCodeReader().decode(bitmap).getText();
    }
}
