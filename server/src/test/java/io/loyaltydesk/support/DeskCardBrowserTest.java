package io.loyaltydesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.BrowserTest;
import io.loyaltydesk.cards.Cards;
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
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/** An agent replaces a member's lost card from the member panel, after confirming. */
class DeskCardBrowserTest extends BrowserTest {

    @Autowired
    Members members;

    @Autowired
    Conversations conversations;

    @Autowired
    StaffAccounts staff;

    @Autowired
    Cards cards;

    @Test
    void anAgentReplacesALostCard() {
        long n = unique();
        var email = "cards" + n + "@example.test";
        var username = "mara" + n;
        var card = "LOST-" + n;
        var started = Actor.callAs(Actor.system("test"), () -> {
            staff.create(new StaffAccounts.NewStaff(username, "Mara Agent", "mara" + n + "@example.test",
                    Set.of(Role.AGENT), "agent-password-" + n));
            var member = members.enroll(new Enrollment("Tom", "Card" + n, email, null, null, null, null, card, null,
                    Map.of(), "test", null));
            var conversation = conversations.open(new NewConversation(Conversation.Channel.WEB_FORM,
                    "Lost my card " + n, email, null, "I lost my card on the train. Can I keep my points?"));
            return new long[] {member.id().value(), conversation.id()};
        });

        logIn(username, "agent-password-" + n);
        waiting().until(ExpectedConditions.urlToBe(url("/console")));
        open("/desk/conversations/" + started[1]);
        var item = "#desk-cards li[data-card='" + card + "']";
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(item)));
        assertThat(find(item + " .badge").getText()).isEqualTo("Active");

        find(item + " details:nth-of-type(2) summary").click();
        new Select(find("#desk-replace-reason-" + card)).selectByValue("LOST");
        type("#desk-replace-comment-" + card, "lost on the train");
        screenshot("desk-card-replace");
        find(item + " details:nth-of-type(2) button[type=submit]").click();
        var confirm = waiting().until(ExpectedConditions.alertIsPresent());
        assertThat(confirm.getText()).startsWith("Replace card " + card + "?");
        confirm.accept();

        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash"),
                "Card " + card + " is replaced by card MR"));
        var issued = cards.active(new io.loyaltydesk.members.MemberId(started[0])).orElseThrow().number();
        assertThat(driver.findElements(By.cssSelector(".desk-msg-system .desk-msg-body")))
                .anyMatch(e -> e.getText().equals(username + " replaced card " + card + " (lost: lost on the train) "
                        + "with card " + issued + "; the points stay on the account"));
        waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#desk-cards li[data-card='" + issued + "']")));
        assertThat(find(item + " .badge").getText()).isEqualTo("Replaced");
        screenshot("desk-card-replaced");

        // the console's member page lists the same cards
        open("/console/members/" + started[0]);
        find("a[href='/console/members/" + started[0] + "/cards']").click();
        waiting().until(ExpectedConditions.urlToBe(url("/console/members/" + started[0] + "/cards")));
        assertThat(find("#cards tr[data-card='" + issued + "'] .badge").getText()).isEqualTo("Active");
        assertThat(find("#cards tr[data-card='" + card + "']").getText()).contains("Lost").contains("replaced by " + issued);
        screenshot("console-member-cards");
    }
}
