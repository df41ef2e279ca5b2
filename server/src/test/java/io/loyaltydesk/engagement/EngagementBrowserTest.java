package io.loyaltydesk.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.BrowserTest;
import io.loyaltydesk.members.IdentifierKind;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.purchases.PurchaseRequest;
import io.loyaltydesk.purchases.Purchases;
import io.loyaltydesk.rules.RuleDefinition;
import io.loyaltydesk.rules.RuleStatus;
import io.loyaltydesk.rules.Rules;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.Stores;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Ben invites Anna with his share link; Anna joins with it, shops three times, and finds her badge; Ben sees that
 * Anna qualified and what it earned him.
 */
class EngagementBrowserTest extends BrowserTest {

    @Autowired
    Challenges challenges;
    @Autowired
    Referrals referrals;
    @Autowired
    Members members;
    @Autowired
    Purchases purchases;
    @Autowired
    Stores stores;
    @Autowired
    Rules rules;

    @Test
    void aMemberSharesTheLinkAndTheFriendFindsTheirBadges() throws Exception {
        var store = "EB-" + unique();
        Actor.callAs(Actor.system("test"), () -> {
            stores.add(store, "Browser test store", "Test", "Berlin", true);
            rules.create(new RuleDefinition("Base rate " + store, null, RuleDefinition.RuleKind.BASE_RATE, null,
                    RuleDefinition.Effect.perAmount("1", "1.00", RuleDefinition.Rounding.FLOOR), null, null, null,
                    null, null, List.of(store), 0, true, null), RuleStatus.ACTIVE);
            challenges.create(new ChallengeDefinition("Regular", "Three visits this season", BadgeIcon.STAR,
                    ChallengeKind.VISITS, new BigDecimal("3"), null, challenges.today().minusDays(7), null, 30));
            return challenges.create(new ChallengeDefinition("Coffee lover", "Spend 100 on coffee", BadgeIcon.CUP,
                    ChallengeKind.CATEGORY_SPEND, new BigDecimal("100"), "COFFEE", challenges.today().minusDays(7),
                    challenges.today().plusDays(60), 50));
        });

        viewport(Viewport.PHONE);
        var ben = "ben" + unique() + "@example.test";
        joinAs("Ben", ben, null);
        // on a phone, Invite is under More
        find("#nav-more").click();
        find("#portal-menu a[href='/portal/referrals']").click();
        waiting().until(ExpectedConditions.urlToBe(url("/portal/referrals")));
        var code = find("#referral-code").getText();
        assertThat(code).matches("[A-Z2-9]{7}");
        assertThat(find("#friends-empty").getText()).contains("No one has joined with your code yet");
        find("#copy-link").click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("copy-status"), "Link copied"));
        var link = find("#share-link").getAttribute("value");
        assertThat(link).isEqualTo(url("/portal/join?ref=" + code));
        screenshot("portal-referrals-new");
        logOut();

        driver.get(link);
        assertThat(find("#referralCode").getAttribute("value")).isEqualTo(code);
        var anna = "anna" + unique() + "@example.test";
        joinAs("Anna", anna, code);
        long annaId = members.findBy(IdentifierKind.EMAIL, anna).orElseThrow().id().value();
        for (int i = 0; i < 3; i++) {
            var amount = new BigDecimal("12.50");
            var receipt = "EB-" + unique();
            Actor.callAs(Actor.system("test"), () -> purchases.record(new PurchaseRequest(receipt, store, "POS",
                    annaId, null, null, null, Instant.now().toString(), "EUR", amount, List.of(
                            new PurchaseRequest.Line("FLAT", "COFFEE", BigDecimal.ONE, null, amount))), "test"));
        }
        try {
            eventually(() -> referrals.find(annaId).orElseThrow().status() == Referral.Status.QUALIFIED
                    && !challenges.badges(annaId).earned().isEmpty());
        } catch (AssertionError e) {
            throw new AssertionError("referral " + referrals.find(annaId) + ", badges " + challenges.badges(annaId)
                    + ", purchases " + purchases.recent(new io.loyaltydesk.members.MemberId(annaId), 10), e);
        }

        open("/portal/menu");
        find("#portal-menu a[href='/portal/badges']").click();
        waiting().until(ExpectedConditions.urlToBe(url("/portal/badges")));
        assertThat(find("#earned").getText()).contains("Regular").contains("Earned today").contains("+30 points");
        var coffee = driver.findElements(By.cssSelector("#in-progress .challenge")).stream()
                .filter(e -> e.getText().contains("Coffee lover")).findFirst().orElseThrow();
        assertThat(coffee.getText()).contains("37.5 of 100 spent on COFFEE").contains("Reward: 50 points");
        assertThat(coffee.findElement(By.tagName("progress")).getAttribute("value")).isEqualTo("37");
        screenshot("portal-badges");
        find(".portal-nav a[href='/portal/history']").click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main"),
                "Referral: welcome bonus for joining with Ben's code"));
        logOut();

        type("#username", ben);
        type("#password", "a long enough secret");
        find("form[action$='/portal/login'] button[type=submit]").click();
        waiting().until(ExpectedConditions.urlToBe(url("/portal")));
        open("/portal/referrals");
        assertThat(find("#stat-joined").getText()).isEqualTo("1");
        assertThat(find("#stat-qualified").getText()).isEqualTo("1");
        assertThat(find("#stat-points").getText()).isEqualTo("100");
        assertThat(find("#stat-opens").getText()).isEqualTo("1");
        assertThat(find("#friends").getText()).contains("Anna").contains("you earned 100 points");
        screenshot("portal-referrals");
    }

    @Test
    void aProgramManagerLooksAtReferralsAndDefinesAChallenge() {
        logInAsAdmin();
        find(".sidenav a[href='/console/engagement']").click();
        waiting().until(ExpectedConditions.urlToBe(url("/console/engagement/referrals")));
        assertThat(find("#referrerPoints").getAttribute("value")).isEqualTo("100");
        screenshot("console-engagement-referrals");
        find(".engagement-tabs a[href='/console/engagement/challenges']").click();
        find("#new-challenge").click();
        type("#name", "Explorer");
        type("#description", "Shop in three of our stores");
        find("#icon-MAP").click();
        new org.openqa.selenium.support.ui.Select(find("#kind")).selectByValue("STORES");
        type("#target", "3");
        type("#rewardPoints", "25");
        screenshot("console-engagement-challenge-form");
        find("form[action$='/console/engagement/challenges'] button[type=submit]").click();
        waiting().until(ExpectedConditions.urlToBe(url("/console/engagement/challenges")));
        assertThat(find("#challenges").getText()).contains("Explorer").contains("3 different stores");
        screenshot("console-engagement-challenges");
        find(".engagement-tabs a[href='/console/engagement/surprises']").click();
        assertThat(find("main h1").getText()).isEqualTo("Surprises");
        screenshot("console-engagement-surprises");
    }

    private void joinAs(String firstName, String email, String code) {
        if (code == null) {
            open("/portal/join");
        }
        type("#firstName", firstName);
        type("#email", email);
        type("#password", "a long enough secret");
        find("form[action$='/portal/join'] button[type=submit]").click();
        waiting().until(ExpectedConditions.urlToBe(url("/portal?welcome")));
    }

    private void logOut() {
        viewport(Viewport.DESKTOP);
        find(".portal-logout button").click();
        waiting().until(ExpectedConditions.urlToBe(url("/portal/login?logout")));
        viewport(Viewport.PHONE);
    }

    private static void eventually(java.util.concurrent.Callable<Boolean> check) throws Exception {
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!check.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(50);
        }
    }
}
