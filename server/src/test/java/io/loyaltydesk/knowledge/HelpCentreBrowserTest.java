package io.loyaltydesk.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.BrowserTest;
import io.loyaltydesk.members.Enrollment;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.NewConversation;
import io.loyaltydesk.surveys.CsatSurveys;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/** A visitor finds an answer in the help centre; a member rates a solved conversation; an agent links an article. */
class HelpCentreBrowserTest extends BrowserTest {

    @Autowired
    KnowledgeBase knowledge;

    @Autowired
    Members members;

    @Autowired
    Conversations conversations;

    @Autowired
    CsatSurveys csat;

    private static <T> T as(Supplier<T> work) {
        return Actor.callAs(Actor.system("test"), work);
    }

    private Article published(String title, String body) {
        return as(() -> knowledge.publish(knowledge.create(new ArticleDraft(title, body, "en", null, null)).id()));
    }

    @Test
    void aVisitorSearchesTheHelpCentreWithoutLoggingIn() {
        long n = unique();
        var article = published("Where are my missing points " + n, """
                Points from a purchase show up **within 24 hours**.

                - Keep your receipt
                - Ask us with the receipt number if they are still missing
                """);
        published("Opening hours " + n, "We open at seven; missing a coffee is never an option.");

        open("/portal/help");
        type("#help-q", "missing points " + n);
        find("#help-q").sendKeys(Keys.ENTER);
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#help-results")));
        var results = driver.findElements(By.cssSelector("#help-results .kb-hits li a"));
        assertThat(results).as("the title match first").isNotEmpty();
        assertThat(results.getFirst().getText()).isEqualTo(article.title());
        assertThat(driver.findElements(By.cssSelector("#help-results mark"))).isNotEmpty();
        screenshot("help-search");
        find("#help-results .kb-hits li a").click();
        waiting().until(ExpectedConditions.urlContains("/portal/help/articles/" + article.slug()));
        assertThat(find(".kb-article h1").getText()).isEqualTo(article.title());
        assertThat(find(".kb-article strong").getText()).isEqualTo("within 24 hours");
        assertThat(driver.findElements(By.cssSelector(".kb-article li"))).hasSize(2);
        screenshot("help-article");
    }

    @Test
    void aMemberAnswersACsatSurveyFromTheLink() {
        long n = unique();
        var email = "csat" + n + "@example.test";
        var conversationId = as(() -> {
            members.enroll(new Enrollment("Mara", "Survey" + n, email, null, null, null, null, null, null, Map.of(),
                    "test", null));
            var opened = conversations.open(new NewConversation(Conversation.Channel.WEB_FORM, "Card lost " + n, email,
                    null, "I lost my card."));
            conversations.changeStatus(opened.id(), Conversation.Status.SOLVED);
            return opened.id();
        });
        var link = csat.link(conversationId).orElseThrow();
        open(link.substring(link.indexOf("/portal/surveys/answer/")));
        assertThat(find(".portal-survey h1").getText()).isEqualTo("How did we do?");
        assertThat(find(".portal-survey .muted").getText()).contains("Card lost " + n);
        find("#rating-4").click();
        type("#comment", "Replaced in two minutes");
        screenshot("csat-survey");
        find("#csat-form button[type=submit]").click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash"),
                "Thank you"));
        var survey = csat.find(conversationId).orElseThrow();
        assertThat(survey.rating()).isEqualTo(4);
        assertThat(survey.comment()).isEqualTo("Replaced in two minutes");
        assertThat(find("#csat-form button[type=submit]").getText()).isEqualTo("Change my answer");
    }

    @Test
    void anAgentLinksAnArticleFromTheReplyBox() {
        long n = unique();
        var article = published("Tier benefits " + n, "Gold members get a free pastry every month.");
        var email = "picker" + n + "@example.test";
        var conversationId = as(() -> conversations.open(new NewConversation(Conversation.Channel.WEB_FORM,
                "Gold perks " + n, email, null, "What do I get with Gold?")).id());
        logInAsAdmin();
        open("/desk/conversations/" + conversationId);
        find(".kb-picker summary").click();
        type("#kb-q", "tier benefits " + n);
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#kb-picks .kb-pick")));
        find("#kb-picks [data-kb-insert=link]").click();
        assertThat(find("#body").getAttribute("value"))
                .contains("Tier benefits " + n + ": ")
                .contains("/portal/help/articles/" + article.slug() + "?lang=en");
        screenshot("desk-article-picker");
    }
}
