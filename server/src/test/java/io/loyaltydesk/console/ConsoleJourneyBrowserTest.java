package io.loyaltydesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.BrowserTest;
import io.loyaltydesk.members.MemberSearch;
import io.loyaltydesk.members.Members;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/** The console's main journey as staff walk it: log in, find the dashboard, enroll a member, find them again. */
class ConsoleJourneyBrowserTest extends BrowserTest {

    @Autowired
    Members members;

    @Test
    void staffEnrollAMemberAndFindThemAgainByPhone() {
        long subscriber = 10_000_000 + unique() % 90_000_000;
        String digits = Long.toString(subscriber);
        String national = "0151 " + digits.substring(0, 4) + " " + digits.substring(4);
        String international = "+49 151 " + digits;
        String e164 = "+49151" + digits;

        open("/console/login");
        assertThat(find("h1").getText()).isEqualTo("Log in");
        screenshot("login");

        logInAsAdmin();
        assertThat(find("main h1").getText()).isEqualTo("Dashboard");
        assertThat(driver.findElements(By.cssSelector(".grid-4 .stat"))).hasSize(4);
        screenshot("dashboard");

        find(".sidenav a[href='/console/members']").click();
        waiting().until(ExpectedConditions.urlToBe(url("/console/members")));
        assertThat(find("main h1").getText()).isEqualTo("Members");
        find("main a[href='/console/members/new']").click();
        waiting().until(ExpectedConditions.urlToBe(url("/console/members/new")));

        // first attempt: a typo in the email
        long membersBefore = members.count();
        type("#firstName", "Greta");
        type("#lastName", "Browser" + digits);
        type("#email", "greta.at.example.test");
        type("#phone", national);
        find("form.card button[type=submit]").click();

        var emailError = find("#email-error");
        assertThat(emailError.getText()).contains("is not an email address");
        assertThat(emailError.findElement(By.xpath("..")).findElement(By.id("email")).isDisplayed())
                .as("the error sits in the email field's own box").isTrue();
        var email = find("#email");
        assertThat(email.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(email.getAttribute("aria-describedby")).contains("email-error");
        assertThat(find("#phone").getAttribute("value")).as("what was typed is kept").isEqualTo(national);
        assertThat(driver.findElements(By.id("phone-error"))).isEmpty();
        assertThat(members.count()).as("nothing enrolled").isEqualTo(membersBefore);
        assertThat(members.search(new MemberSearch(null, e164, null, null, null, null), null, 5).items()).isEmpty();
        screenshot("enroll-error");

        // second attempt: corrected
        type("#email", "greta" + digits + "@example.test");
        find("form.card button[type=submit]").click();
        waiting().until(ExpectedConditions.urlMatches(url("/console/members/\\d+$")));
        String detailUrl = driver.getCurrentUrl();
        var flash = find(".flash");
        assertThat(flash.getAttribute("role")).isEqualTo("status");
        assertThat(flash.getText()).startsWith("Enrolled Greta Browser" + digits + " as member ");
        assertThat(find("main h1").getText()).isEqualTo("Greta Browser" + digits);
        assertThat(find("dl.facts").getText()).as("the phone is stored in international form").contains(e164);
        assertThat(members.count()).isEqualTo(membersBefore + 1);
        screenshot("member-detail");
        screenshotDark("member-detail");

        // back to the list, search by the phone as the member says it on the phone
        find(".sidenav a[href='/console/members']").click();
        waiting().until(ExpectedConditions.urlToBe(url("/console/members")));
        driver.executeScript("window.sameDocument = true");
        var resultsBefore = find("#results");
        find("#q").sendKeys(international);
        waiting().until(ExpectedConditions.stalenessOf(resultsBefore));
        var results = find("#results");
        waiting().until(d -> results.getText().contains(e164));
        assertThat(driver.executeScript("return window.sameDocument"))
                .as("results came in through htmx, not a page load").isEqualTo(true);
        assertThat(driver.findElements(By.cssSelector("#results #results"))).as("no nested results region").isEmpty();
        assertThat(results.findElements(By.cssSelector("tbody tr"))).hasSize(1);
        assertThat(driver.getCurrentUrl()).as("the search is in the address, to share or reload").contains("q=");
        screenshot("members-list");

        results.findElement(By.cssSelector("tbody tr a")).click();
        waiting().until(ExpectedConditions.urlToBe(detailUrl));
        assertThat(find("main h1").getText()).isEqualTo("Greta Browser" + digits);
    }

    @Test
    void aWrongPasswordIsRefusedWithAMessage() {
        logIn(ADMIN, "not-the-password");
        waiting().until(ExpectedConditions.urlContains("/console/login?error"));
        var alert = find(".alert[role=alert]");
        assertThat(alert.getText()).startsWith("Wrong username or password.");
        assertThat(find("#username").isDisplayed()).isTrue();
        screenshot("login-error");
    }

    @Test
    void theConsoleSpeaksGerman() {
        logInAsAdmin();
        open("/console?lang=de");
        assertThat(find("html").getAttribute("lang")).isEqualTo("de");
        assertThat(find(".sidenav").getText()).contains("Übersicht", "Mitglieder", "Änderungsprotokoll");
        assertThat(find("main h1").getText()).isEqualTo("Übersicht");
        open("/console/members");
        assertThat(find("main h1").getText()).as("the choice is remembered").isEqualTo("Mitglieder");
        assertThat(find("label[for=q]").getText()).isEqualTo("Suche");
        screenshot("members-list-de");
    }

    @Test
    void onAPhoneTheMenuOpensAndLeadsToMembers() {
        logInAsAdmin();
        viewport(Viewport.PHONE);
        open("/console");
        assertThat(driver.findElement(By.cssSelector(".sidenav")).isDisplayed()).as("menu starts closed").isFalse();
        screenshot("dashboard-menu-closed");
        viewport(Viewport.PHONE);
        find(".nav-toggle summary").click();
        var members = find(".sidenav a[href='/console/members']");
        assertThat(members.isDisplayed()).isTrue();
        members.click();
        waiting().until(ExpectedConditions.urlToBe(url("/console/members")));
        assertThat(find("main h1").getText()).isEqualTo("Members");
        assertThat(driver.findElement(By.cssSelector(".sidenav")).isDisplayed()).as("menu closed again").isFalse();
    }

    @Test
    void keyboardUsersCanSkipToTheContentAndSeeTheFocus() {
        logInAsAdmin();
        find("body").sendKeys(Keys.TAB);
        var skip = driver.switchTo().activeElement();
        assertThat(skip.getAttribute("class")).contains("skip-link");
        assertThat(skip.getRect().getX()).as("the skip link comes into view when focused").isGreaterThanOrEqualTo(0);
        assertThat(skip.getCssValue("outline-style")).isNotEqualTo("none");
        skip.sendKeys(Keys.ENTER);
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("main");
    }
}
