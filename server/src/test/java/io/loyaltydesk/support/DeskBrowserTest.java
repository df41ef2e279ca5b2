package io.loyaltydesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.BrowserTest;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.members.Enrollment;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.Role;
import io.loyaltydesk.staff.internal.StaffAccounts;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/** An agent's everyday journey on the desk: pick a conversation, see the member, give goodwill, answer. */
class DeskBrowserTest extends BrowserTest {

    @Autowired
    Members members;

    @Autowired
    PointsLedger ledger;

    @Autowired
    Conversations conversations;

    @Autowired
    StaffAccounts staff;

    @Test
    void anAgentGivesGoodwillPointsAndReplies() {
        long n = unique();
        var email = "desk" + n + "@example.test";
        var username = "jonas" + n;
        var conversationId = Actor.callAs(Actor.system("test"), () -> {
            staff.create(new StaffAccounts.NewStaff(username, "Jonas Agent", "jonas" + n + "@example.test",
                    Set.of(Role.AGENT), "agent-password-" + n));
            var member = members.enroll(new Enrollment("Lena", "Desk" + n, email, null, null, null, null, null, null,
                    Map.of(), "test", null));
            ledger.adjust(member.id().value(), 150, "welcome bonus", null, null, null);
            return conversations.open(new NewConversation(Conversation.Channel.WEB_FORM, "Coffee machine " + n,
                    email, null, "The machine took my coins but gave no coffee. <b>Please help</b>")).id();
        });

        logIn(username, "agent-password-" + n);
        waiting().until(ExpectedConditions.urlToBe(url("/console")));
        find(".sidenav a[href='/desk']").click();
        waiting().until(ExpectedConditions.urlToBe(url("/desk")));
        screenshot("desk-queue");

        find("#desk-queue a[href^='/desk/conversations/" + conversationId + "?']").click();
        waiting().until(ExpectedConditions.urlContains("/desk/conversations/" + conversationId));
        assertThat(find(".desk-msg-from_member .desk-msg-body").getText())
                .as("the member's words as text, markup and all")
                .isEqualTo("The machine took my coins but gave no coffee. <b>Please help</b>");
        assertThat(find(".desk-member h2").getText()).isEqualTo("Lena Desk" + n);
        assertThat(find("#desk-balance").getText()).isEqualTo("150");
        assertThat(find(".desk-member .notice").getText()).startsWith("Needs a second person's approval above");
        screenshot("desk-conversation");

        type("#goodwill-points", "20");
        type("#goodwill-reason", "coffee machine ate the coins");
        find("#goodwill button[type=submit]").click();
        waiting().until(ExpectedConditions.textToBe(By.cssSelector(".flash"), "Goodwill: 20 points applied."));
        assertThat(find("#desk-balance").getText()).isEqualTo("170");
        assertThat(driver.findElements(By.cssSelector(".desk-msg-system .desk-msg-body")))
                .anyMatch(e -> e.getText().startsWith("Goodwill: 20 points (applied)"));

        type("#body", "Sorry about that! We added 20 points to your account.");
        new org.openqa.selenium.support.ui.Select(find("#statusAfter")).selectByValue("SOLVED");
        find(".desk-reply button[type=submit]").click();
        waiting().until(ExpectedConditions.textToBe(By.cssSelector(".flash"), "Reply sent."));
        assertThat(find(".desk-msg-from_agent .desk-msg-body").getText())
                .isEqualTo("Sorry about that! We added 20 points to your account.");
        assertThat(conversations.get(conversationId).status()).isEqualTo(Conversation.Status.SOLVED);
        screenshot("desk-replied");
    }
}
