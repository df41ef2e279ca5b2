package io.loyaltydesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.BrowserTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A member chats from the portal while an agent has the desk open in another tab: each sees the other's message
 * arrive without reloading the page (a marker set in each page survives), with typing and read marks.
 */
class LiveChatBrowserTest extends BrowserTest {

    private static WebDriverWait live() {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    private static void markPage() {
        driver.executeScript("window.notReloaded = true;");
    }

    private static boolean notReloaded() {
        return Boolean.TRUE.equals(driver.executeScript("return window.notReloaded === true;"));
    }

    @Test
    void aMemberChatsFromThePortalAndAnAgentAnswersInTheDesk() {
        long n = unique();
        // the member joins (and so is logged in to the portal)
        open("/portal/join");
        type("#firstName", "Clara");
        type("#email", "clara" + n + "@example.test");
        type("#password", "a long enough secret");
        find("#consent-EMAIL").click();
        find("form[action$='/portal/join'] button[type=submit]").click();
        waiting().until(ExpectedConditions.urlContains("/portal?welcome"));
        var memberTab = driver.getWindowHandle();

        // the agent opens the desk in a second tab: now an agent is online
        driver.switchTo().newWindow(WindowType.TAB);
        logInAsAdmin();
        open("/desk");
        find("#desk-queue");
        markPage();
        var agentTab = driver.getWindowHandle();

        driver.switchTo().window(memberTab);
        open("/portal/chat");
        assertThat(find(".chat-status").getText()).contains("An agent is online");
        markPage();
        type("#chat-body", "Hello, my coffee points from Monday are missing " + n);
        find(".chat-form button[type=submit]").click();
        live().until(d -> d.findElements(By.cssSelector(".chat-thread .chat-mine")).size() == 1);
        assertThat(find(".chat-thread .chat-mine .chat-body").getText()).contains("points from Monday");
        screenshot("portal-chat");

        // the agent's queue shows the new chat without a reload
        driver.switchTo().window(agentTab);
        var entry = By.xpath("//ul[contains(@class,'desk-list')]//a[contains(., 'coffee points from Monday are missing "
                + n + "')]");
        live().until(ExpectedConditions.visibilityOfElementLocated(entry));
        assertThat(notReloaded()).as("the queue updated in place").isTrue();
        driver.findElement(entry).click();
        live().until(d -> d.findElements(By.cssSelector(".desk-msg-from_member")).size() == 1);
        markPage();

        // the member sees that the agent read it, and the agent sees the member typing
        driver.switchTo().window(memberTab);
        live().until(d -> !d.findElements(By.cssSelector(".chat-mine .chat-seen-mark")).isEmpty());
        // typing signals are sent at most every 3 s and shown for 5 s: type again until the desk has shown one
        boolean typingSeen = false;
        for (int attempt = 0; attempt < 6 && !typingSeen; attempt++) {
            driver.switchTo().window(memberTab);
            find("#chat-body").sendKeys("A");
            driver.switchTo().window(agentTab);
            try {
                new WebDriverWait(driver, Duration.ofMillis(3_500))
                        .until(d -> d.findElement(By.id("desk-typing")).getText().contains("Clara"));
                typingSeen = true;
            } catch (org.openqa.selenium.TimeoutException e) {
                // not yet: the next keystroke sends another signal
            }
        }
        assertThat(typingSeen).as("the desk showed that the member is typing").isTrue();

        // the agent answers; the member sees it without a reload
        type("#body", "Hi Clara, I have found them and added them back.");
        find(".desk-reply button[type=submit]").click();
        live().until(ExpectedConditions.urlContains("/desk/conversations/"));
        find(".desk-msg-from_agent");
        markPage();
        driver.switchTo().window(memberTab);
        live().until(d -> d.findElements(By.cssSelector(".chat-thread .chat-theirs")).size() == 1);
        assertThat(find(".chat-theirs .chat-body").getText()).isEqualTo("Hi Clara, I have found them and added them back.");
        assertThat(notReloaded()).as("the reply arrived in place").isTrue();

        // the member writes again; the agent's open thread shows it without a reload
        type("#chat-body", "Thank you!");
        find(".chat-form button[type=submit]").click();
        driver.switchTo().window(agentTab);
        live().until(d -> d.findElements(By.cssSelector(".desk-msg-from_member")).size() == 2);
        assertThat(driver.findElements(By.cssSelector(".desk-msg-from_member .desk-msg-body")).get(1).getText())
                .isEqualTo("Thank you!");
        assertThat(notReloaded()).as("the thread updated in place").isTrue();
        screenshot("desk-live-chat");
        driver.close();
        driver.switchTo().window(memberTab);
    }

    @Test
    void theWidgetStartsAChatThatBecomesAnEmailTicketWhenNobodyIsOnline() {
        long n = unique();
        open("/support/widget/chat");
        live().until(d -> d.findElement(By.cssSelector(".chat-status")).getText().contains("No agent is online"));
        type("#chat-name", "Otto");
        type("#chat-email", "otto" + n + "@example.test");
        type("#chat-first", "Do you ship to Austria?");
        find(".chat-start button[type=submit]").click();
        live().until(d -> d.findElements(By.cssSelector(".chat-thread .chat-mine")).size() == 1);
        assertThat(find(".chat-status").getText()).contains("otto" + n + "@example.test");
        assertThat(driver.findElement(By.cssSelector(".chat-start")).isDisplayed()).as("the start form is gone")
                .isFalse();
        screenshot("widget-chat");
    }
}
