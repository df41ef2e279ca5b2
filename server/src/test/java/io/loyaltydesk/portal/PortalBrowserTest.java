package io.loyaltydesk.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import io.loyaltydesk.support.TestMail;
import io.loyaltydesk.BrowserTest;
import io.loyaltydesk.members.IdentifierKind;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.messaging.Messaging;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A new member joins on a phone, sees the home page and opens the digital card; a wrong password is explained.
 * A member confirms their email from the real message (GreenMail), gets the welcome points and sees a purchase
 * explained.
 */
class PortalBrowserTest extends BrowserTest {

    /** The tests' GreenMail (see {@link TestMail}), which every test context sends to. */
    static final GreenMail SMTP = TestMail.server();

    @Autowired
    Messaging messaging;

    @Autowired
    PortalBranding branding;

    @Autowired
    Members members;

    @Test
    void aNewMemberJoinsSeesTheHomePageAndOpensTheCard() {
        viewport(Viewport.PHONE);
        open("/portal/login");
        screenshot("portal-login");
        find("a[href='/portal/join']").click();
        waiting().until(ExpectedConditions.urlToBe(url("/portal/join")));
        var email = "mia" + unique() + "@example.test";
        type("#firstName", "Mia");
        type("#email", email);
        type("#password", "short");
        find("#consent-EMAIL").click();
        find("form[action$='/portal/join'] button[type=submit]").click();
        assertThat(find("#password-error").getText()).contains("at least 10 characters");
        assertThat(find("#email").getAttribute("value")).isEqualTo(email);
        screenshot("portal-join-error");
        type("#password", "a long enough secret");
        find("form[action$='/portal/join'] button[type=submit]").click();

        waiting().until(ExpectedConditions.urlToBe(url("/portal?welcome")));
        assertThat(find("main h1").getText()).isEqualTo("Hi Mia");
        assertThat(find("#balance").getText()).isEqualTo("0");
        assertThat(find("#empty-balance").getText()).contains("No points yet");
        screenshot("portal-home");
        screenshotDark("portal-home");

        viewport(Viewport.PHONE);
        find("#show-card").click();
        waiting().until(ExpectedConditions.urlToBe(url("/portal/card")));
        var number = find("#member-number").getText();
        assertThat(number).matches("\\d{10}");
        assertThat(find("#plastic-card").getText()).contains("You have no plastic card");
        waiting().until(d -> Boolean.TRUE.equals(driver.executeScript(
                "return [...document.images].every(i => i.complete && i.naturalWidth > 0)")));
        screenshot("portal-card");

        // the bottom navigation reaches the history from the card
        viewport(Viewport.PHONE);
        find(".portal-nav a[href='/portal/history']").click();
        waiting().until(ExpectedConditions.urlToBe(url("/portal/history")));
        assertThat(find("#history-empty").getText()).contains("Nothing here yet");
        screenshot("portal-history-empty");

        find(".portal-logout button").click();
        waiting().until(ExpectedConditions.urlToBe(url("/portal/login?logout")));
        type("#username", email);
        type("#password", "not my password");
        find("form[action$='/portal/login'] button[type=submit]").click();
        waiting().until(ExpectedConditions.urlToBe(url("/portal/login?error")));
        assertThat(driver.findElement(By.cssSelector("main .alert")).getText()).contains("do not match");
        type("#username", email);
        type("#password", "a long enough secret");
        find("form[action$='/portal/login'] button[type=submit]").click();
        waiting().until(ExpectedConditions.urlToBe(url("/portal")));
        assertThat(find("#balance").getText()).isEqualTo("0");
    }

    @Test
    void aMemberConfirmsTheirEmailGetsTheWelcomePointsAndSeesAPurchaseExplained() throws Exception {
        branding.updateWelcomePoints(50, "browser test: welcome points");
        api("/api/v1/rules", """
                {"status": "ACTIVE", "definition": {"name": "Coffee lovers bonus", "kind": "CUSTOM",
                 "condition": "purchase.total >= 3.0", "effect": {"type": "FIXED", "points": 20}}}
                """);

        viewport(Viewport.PHONE);
        open("/portal/join");
        var email = "noah" + unique() + "@example.test";
        type("#firstName", "Noah");
        type("#email", email);
        type("#password", "a long enough secret");
        find("#consent-EMAIL").click();
        find("form[action$='/portal/join'] button[type=submit]").click();
        waiting().until(ExpectedConditions.urlToBe(url("/portal?welcome")));
        assertThat(find("#verify-email").getText()).contains(email).contains("50 welcome points");

        // the job's work, as the outbox job would do it; the link comes from the real message
        messaging.deliverDue(100);
        var mail = MailSupport.to(SMTP.getReceivedMessages(), email).stream()
                .filter(m -> PortalAccountMailTest.subject(m).startsWith("Confirm your email")).findFirst().orElseThrow();
        var link = MailSupport.link(MailSupport.text(mail), "/portal/verify-email");
        driver.get(link);
        find("#confirm-email").click();
        waiting().until(ExpectedConditions.urlToBe(url("/portal")));
        assertThat(find(".flash").getText()).contains("50 welcome points");
        assertThat(find("#balance").getText()).isEqualTo("50");
        assertThat(driver.findElements(By.id("verify-email"))).isEmpty();
        screenshotAt("portal-home-360", 360, 780, true);
        screenshot("portal-home-welcome");

        long memberId = members.findBy(IdentifierKind.EMAIL, email).orElseThrow().id().value();
        api("/api/v1/purchases", """
                {"externalId": "BT-%d", "channel": "POS", "memberId": %d, "occurredAt": "%s",
                 "currency": "EUR", "totalAmount": "4.20",
                 "lines": [{"sku": "FLATW", "category": "COFFEE", "quantity": 1, "amount": "4.20"}]}
                """.formatted(unique(), memberId, Instant.now().minus(5, ChronoUnit.MINUTES)
                .truncatedTo(ChronoUnit.SECONDS)));
        viewport(Viewport.PHONE);
        find(".portal-nav a[href='/portal/history']").click();
        waiting().until(ExpectedConditions.urlToBe(url("/portal/history")));
        assertThat(find("main").getText()).contains("Coffee lovers bonus").contains("Welcome bonus for joining");
        screenshot("portal-history-explained");

        // the purchase was told in the inbox too (after the purchase committed)
        waiting().until(d -> {
            open("/portal/notifications");
            return find("main").getText().contains("You earned 20 points");
        });
        assertThat(find("#unread-count").getText()).isEqualTo("2");
        screenshot("portal-inbox");
    }

    /** POSTs JSON to the API with the bootstrap key of the test profile; fails unless it is created. */
    private void api(String path, String json) throws IOException, InterruptedException {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Bearer ldk_testkey1_0123456789abcdefghijklmnopqrstuvwxyz0123")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /** A screenshot at a width the base class does not take (the 360 px of small phones). */
    private static void screenshotAt(String name, int width, int height, boolean mobile) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
        var full = ((Number) ((JavascriptExecutor) driver)
                .executeScript("return Math.ceil(document.documentElement.scrollHeight)")).intValue();
        var shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width,
                        "height", Math.max(full, height), "scale", 1)));
        var folder = Path.of(System.getProperty("basedir", "."), "target", "screenshots");
        try {
            Files.createDirectories(folder);
            Files.write(folder.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        viewport(Viewport.DESKTOP);
    }
}
