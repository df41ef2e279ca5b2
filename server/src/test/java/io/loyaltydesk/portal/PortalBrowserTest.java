package io.loyaltydesk.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.BrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** A new member joins on a phone, sees the home page and opens the digital card; a wrong password is explained. */
class PortalBrowserTest extends BrowserTest {

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
}
