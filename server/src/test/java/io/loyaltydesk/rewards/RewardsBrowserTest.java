package io.loyaltydesk.rewards;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.BrowserTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** A program manager creates a reward in the console; a member-like API client redeems it and gets a code. */
class RewardsBrowserTest extends BrowserTest {

    private static final String API_KEY = "ldk_testkey1_0123456789abcdefghijklmnopqrstuvwxyz0123";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aProgramManagerCreatesARewardThatAMemberRedeems() throws Exception {
        var name = "Browser coffee " + unique();
        logInAsAdmin();
        find(".sidenav a[href='/console/rewards']").click();
        waiting().until(ExpectedConditions.urlToBe(url("/console/rewards")));
        find("main a[href='/console/rewards/new']").click();
        waiting().until(ExpectedConditions.urlToBe(url("/console/rewards/new")));
        type("#name", name);
        type("#description", "A coffee of your choice, any size.");
        type("#costPoints", "150");
        type("#stock", "3");
        type("#limitPerMember", "2");
        screenshot("reward-form");
        find("form.card button[type=submit]").click();
        waiting().until(ExpectedConditions.urlMatches(url("/console/rewards/\\d+$")));
        assertThat(find("main h1").getText()).isEqualTo(name);
        assertThat(find("#stock-left").getText()).isEqualTo("3");
        long rewardId = Long.parseLong(driver.getCurrentUrl().replaceAll(".*/", ""));
        screenshot("reward-detail");

        var member = call("POST", "/api/v1/members",
                "{\"firstName\": \"Mia\", \"email\": \"mia" + unique() + "@example.test\"}");
        assertThat(member.statusCode()).isEqualTo(201);
        var memberId = member.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        assertThat(call("POST", "/api/v1/members/" + memberId + "/points/adjustments",
                "{\"points\": 400, \"reason\": \"welcome\"}").statusCode()).isEqualTo(201);
        var redeemed = call("POST", "/api/v1/members/" + memberId + "/redemptions",
                "{\"rewardId\": " + rewardId + ", \"quantity\": 1}");
        assertThat(redeemed.statusCode()).as(redeemed.body()).isEqualTo(201);
        assertThat(redeemed.body()).containsPattern("\"codes\":\\[\"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{12}\"\\]");
        var code = redeemed.body().replaceAll("(?s).*\"codes\":\\[\"([A-Z0-9]+)\"\\].*", "$1");
        assertThat(call("GET", "/api/v1/members/" + memberId + "/points", null).body()).contains("\"available\":250");

        open("/console/rewards/" + rewardId);
        assertThat(find("#stock-left").getText()).isEqualTo("2");
        open("/console/redemptions?rewardId=" + rewardId);
        assertThat(find("main table").getText()).contains(name);
        screenshot("redemptions");

        find(".sidenav a[href='/console/counter']").click();
        type("#code", code);
        find("form[action$='/console/counter/validate'] button[type=submit]").click();
        find("#redeem").click();
        assertThat(find("#voucher-status").getText()).isEqualTo("Used");
        screenshot("counter");
        open("/console/rewards");
        screenshot("rewards");
    }

    private HttpResponse<String> call(String method, String path, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + API_KEY)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
