package io.loyaltydesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.BrowserTest;
import io.loyaltydesk.members.Enrollment;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.Role;
import io.loyaltydesk.staff.internal.StaffAccounts;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** An agent sees the SLA timer in words, inserts a macro filled with the member's data and sends it. */
class DeskWorkspaceBrowserTest extends BrowserTest {

    @Autowired
    Members members;

    @Autowired
    Conversations conversations;

    @Autowired
    StaffAccounts staff;

    @Autowired
    ServiceLevels levels;

    @Autowired
    Macros macros;

    @Autowired
    ConversationTags tags;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anAgentSeesTheSlaTimerAndAnswersWithAMacro() {
        long n = unique();
        var email = "sla" + n + "@example.test";
        var username = "mara" + n;
        var ids = Actor.callAs(Actor.system("test"), () -> {
            staff.create(new StaffAccounts.NewStaff(username, "Mara Agent", "mara" + n + "@example.test",
                    Set.of(Role.AGENT), "agent-password-" + n));
            var targets = new EnumMap<Conversation.Priority, SlaPolicy.Target>(Conversation.Priority.class);
            for (var priority : Conversation.Priority.values()) {
                targets.put(priority, new SlaPolicy.Target(90, 60, 600));
            }
            levels.savePolicy("Browser " + n, null, targets, true);
            members.enroll(new Enrollment("Ida", "Browser" + n, email, null, null, null, null, null, null, Map.of(),
                    "test", null));
            var macro = macros.save(null, "Thanks " + n, "Hi {{member.firstName}}, all sorted. {{agent.name}}",
                    Conversation.Status.SOLVED, List.of("sorted"));
            var conversation = conversations.open(new NewConversation(Conversation.Channel.EMAIL,
                    "Card not working " + n, email, null, "My card is not read at the till."));
            return new long[] {conversation.id(), macro.id()};
        });
        try {
            logIn(username, "agent-password-" + n);
            waiting().until(ExpectedConditions.urlToBe(url("/console")));
            open("/desk?q=" + n);
            var badge = find("#desk-queue .desk-sla");
            assertThat(badge.getText()).as("the timer in words, not only a colour").matches("due in 1 h 30 min|due in 1 h 29 min");
            find("#desk-queue a[href^='/desk/conversations/" + ids[0] + "?']").click();
            waiting().until(ExpectedConditions.urlContains("/desk/conversations/" + ids[0]));
            assertThat(find(".desk-sla-timers").getText()).contains("First response: due in 1 h");
            screenshot("desk-sla-timer");

            new Select(find("#macro")).selectByVisibleText("Thanks " + n);
            find(".desk-macro button[type=submit]").click();
            waiting().until(ExpectedConditions.urlContains("macro=" + ids[1]));
            assertThat(find("#body").getAttribute("value")).isEqualTo("Hi Ida, all sorted. " + username);
            screenshot("desk-macro-inserted");
            find(".desk-reply button[type=submit]").click();
            waiting().until(ExpectedConditions.textToBe(By.cssSelector(".flash"), "Reply sent."));
            assertThat(conversations.get(ids[0]).status()).isEqualTo(Conversation.Status.SOLVED);
            assertThat(tags.of(ids[0])).containsExactly("sorted");
            assertThat(find(".desk-tags").getText()).contains("#sorted");
            assertThat(driver.findElements(By.cssSelector(".desk-sla-timers .desk-sla")))
                    .as("nothing is owed once solved").isEmpty();
        } finally {
            jdbc.sql("update support_sla_policies set is_default = false where is_default").update();
        }
    }
}
