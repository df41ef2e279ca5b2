package io.loyaltydesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.BrowserTest;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.members.Enrollment;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.Role;
import io.loyaltydesk.staff.internal.StaffAccounts;
import io.loyaltydesk.support.internal.MailOutbox;
import io.loyaltydesk.support.internal.MailPolling;
import java.util.List;
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

    @Autowired
    MailPolling mailPolling;

    @Autowired
    MailOutbox mailOutbox;

    @Autowired
    ConversationFields fields;

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

        // a custom field, saved in place by htmx (not required, so that solving below is not held up)
        var machine = Actor.callAs(Actor.system("test"), () -> fields.save(null, new ConversationFields.Definition(
                "machine_" + n, "Machine number", "Automatennummer", ConversationField.Type.TEXT, List.of(), false,
                true, null)));
        try {
            driver.navigate().refresh();
            type("#cf-machine_" + n, "KM-" + n);
            find("#conversation-fields button[type=submit]").click();
            waiting().until(ExpectedConditions.textToBe(By.cssSelector("#conversation-fields .notice"),
                    "Fields saved."));
            assertThat(fields.values(conversationId)).containsEntry("machine_" + n, "KM-" + n);
            assertThat(find("#cf-machine_" + n).getAttribute("value")).isEqualTo("KM-" + n);
            screenshot("desk-fields");
        } finally {
            Actor.callAs(Actor.system("test"), () -> fields.save(machine.id(), new ConversationFields.Definition(
                    null, "Machine number", null, ConversationField.Type.TEXT, List.of(), false, false, null)));
        }

        type("#body", "Sorry about that! We added 20 points to your account.");
        new org.openqa.selenium.support.ui.Select(find("#statusAfter")).selectByValue("SOLVED");
        find(".desk-reply button[type=submit]").click();
        waiting().until(ExpectedConditions.textToBe(By.cssSelector(".flash"), "Reply sent."));
        assertThat(find(".desk-msg-from_agent .desk-msg-body").getText())
                .isEqualTo("Sorry about that! We added 20 points to your account.");
        assertThat(conversations.get(conversationId).status()).isEqualTo(Conversation.Status.SOLVED);
        screenshot("desk-replied");
    }

    @Test
    void anAgentAnswersAnEmailTicketAndTheReplyIsMailed() throws Exception {
        long n = unique();
        var email = "mail" + n + "@example.test";
        var username = "mara" + n;
        var memberId = Actor.callAs(Actor.system("test"), () -> {
            staff.create(new StaffAccounts.NewStaff(username, "Mara Agent", "mara" + n + "@example.test",
                    Set.of(Role.AGENT), "agent-password-" + n));
            var member = members.enroll(new Enrollment("Tom", "Mail" + n, email, null, null, null, null, null, null,
                    Map.of(), "test", null));
            ledger.adjust(member.id().value(), 300, "welcome bonus", null, null, null);
            return member.id().value();
        });
        TestMail.deliver("Message-ID: <browser-" + n + "@example.test>\r\nFrom: Tom Mail <" + email + ">\r\nTo: "
                + TestMail.SUPPORT + "\r\nSubject: Double charged points " + n + "\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nMy redemption took the points twice.\r\n");
        assertThat(mailPolling.poll()).isGreaterThanOrEqualTo(1);
        var conversationId = conversations.ofMember(memberId, 1).getFirst().id();

        logIn(username, "agent-password-" + n);
        waiting().until(ExpectedConditions.urlToBe(url("/console")));
        open("/desk");
        find("#desk-queue a[href^='/desk/conversations/" + conversationId + "?']").click();
        waiting().until(ExpectedConditions.urlContains("/desk/conversations/" + conversationId));
        assertThat(find(".desk-msg-from_member .desk-msg-body").getText())
                .isEqualTo("My redemption took the points twice.");
        assertThat(find(".desk-msg-from_member .desk-email-meta").getText()).contains(email, TestMail.SUPPORT);
        assertThat(find("#desk-balance").getText()).isEqualTo("300");
        find(".desk-controls form[action$='/assign'] button[type=submit]").click();
        waiting().until(ExpectedConditions.textToBe(By.cssSelector(".desk-assignee"), "Assigned to " + username));

        type("#goodwill-points", "50");
        type("#goodwill-reason", "points taken twice");
        find("#goodwill button[type=submit]").click();
        waiting().until(ExpectedConditions.textToBe(By.cssSelector(".flash"), "Goodwill: 50 points applied."));
        assertThat(find("#desk-balance").getText()).isEqualTo("350");

        type("#body", "Sorry, Tom! We gave you 50 points on top.");
        find(".desk-reply button[type=submit]").click();
        waiting().until(ExpectedConditions.textToBe(By.cssSelector(".flash"), "Reply sent."));
        assertThat(find(".desk-msg-from_agent .badge").getText()).isEqualTo("Email queued");

        assertThat(mailOutbox.sendDue()).isGreaterThanOrEqualTo(1);
        var received = TestMail.receivedBy(email);
        assertThat(received).hasSize(1);
        assertThat(received.getFirst().getSubject())
                .isEqualTo("Re: Double charged points " + n + " [#" + conversationId + "]");
        assertThat(received.getFirst().getHeader("In-Reply-To", null)).isEqualTo("<browser-" + n + "@example.test>");
        assertThat(((String) received.getFirst().getContent()).strip())
                .isEqualTo("Sorry, Tom! We gave you 50 points on top.");
        driver.navigate().refresh();
        assertThat(find(".desk-msg-from_agent .badge").getText()).isEqualTo("Emailed");
        screenshot("desk-email-replied");
    }
}
