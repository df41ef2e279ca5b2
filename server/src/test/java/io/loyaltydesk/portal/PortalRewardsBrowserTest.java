package io.loyaltydesk.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.BrowserTest;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.members.IdentifierKind;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.purchases.PurchaseRequest;
import io.loyaltydesk.purchases.Purchases;
import io.loyaltydesk.rewards.Reward;
import io.loyaltydesk.rewards.RewardCatalog;
import io.loyaltydesk.rewards.RewardDefinition;
import io.loyaltydesk.rules.RuleDefinition;
import io.loyaltydesk.rules.RuleStatus;
import io.loyaltydesk.rules.Rules;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.Role;
import io.loyaltydesk.staff.Stores;
import io.loyaltydesk.staff.internal.StaffAccounts;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.tiers.Tiers;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A member redeems a reward on a phone and sees the code, then claims a purchase whose points went missing; an
 * agent attaches the purchase in the desk with one click, and the member sees the points and the answer.
 */
class PortalRewardsBrowserTest extends BrowserTest {

    private static final String PASSWORD = "a long enough secret";

    @Autowired
    Members members;
    @Autowired
    PointsLedger ledger;
    @Autowired
    RewardCatalog catalog;
    @Autowired
    Purchases purchases;
    @Autowired
    Stores stores;
    @Autowired
    Rules rules;
    @Autowired
    Conversations conversations;
    @Autowired
    StaffAccounts staff;
    @Autowired
    Tiers tiers;
    @Autowired
    Clock clock;

    @Test
    void aMemberRedeemsAndSeesTheCodeThenAnAgentAttachesTheirMissingPurchase() {
        long n = unique();
        var email = "rita" + n + "@example.test";
        var store = "PB-" + n;
        var receipt = "RB-" + n;
        var boughtAt = clock.instant().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        var rewardName = "Free cappuccino " + n;
        var agent = "agent" + n;
        Actor.callAs(Actor.system("test"), () -> {
            stores.add(store, "Browser store " + n, "Test", "Berlin", true);
            rules.create(new RuleDefinition("Base rate " + store, null, RuleDefinition.RuleKind.BASE_RATE, null,
                    RuleDefinition.Effect.perAmount("1", "1.00", RuleDefinition.Rounding.FLOOR), null, null, null, null,
                    null, List.of(store), 0, true, null), RuleStatus.ACTIVE);
            catalog.create(new RewardDefinition(rewardName, "Any size, any milk.", Reward.Kind.VOUCHER_CODE,
                    Reward.ValueBand.LOW, 100L, null, null, null, Reward.Status.ACTIVE, null, null, null, null, null,
                    null, Reward.CodeSource.GENERATED, null, null, 30, null, null, null));
            purchases.record(new PurchaseRequest(receipt, store, "POS", null, "NOBODY-" + n, null, null,
                    boughtAt.toString(), "EUR", new BigDecimal("18.60"), List.of(new PurchaseRequest.Line("LATTE",
                            "COFFEE", BigDecimal.ONE, new BigDecimal("18.60"), new BigDecimal("18.60")))), "browser-test");
            staff.create(new StaffAccounts.NewStaff(agent, "Jonas Agent", agent + "@example.test", Set.of(Role.AGENT),
                    "agent-password-" + n));
            return null;
        });

        // the member joins on a phone and gets points
        viewport(Viewport.PHONE);
        open("/portal/join");
        type("#firstName", "Rita");
        type("#email", email);
        type("#password", PASSWORD);
        find("form[action$='/portal/join'] button[type=submit]").click();
        waiting().until(ExpectedConditions.urlToBe(url("/portal?welcome")));
        long memberId = members.findBy(IdentifierKind.EMAIL, email).orElseThrow().id().value();
        Actor.callAs(Actor.system("test"), () -> ledger.adjust(memberId, 250, "welcome gift", null, null, null));

        // rewards -> the reward -> confirm -> the code
        viewport(Viewport.PHONE);
        find(".portal-nav a[href='/portal/rewards']").click();
        waiting().until(ExpectedConditions.urlToBe(url("/portal/rewards")));
        assertThat(find("#rewards-balance").getText()).contains("250");
        screenshot("portal-rewards");
        viewport(Viewport.PHONE);
        driver.findElement(By.linkText(rewardName)).click();
        find("#redeem").click();
        waiting().until(ExpectedConditions.urlContains("/redeem"));
        assertThat(find("#redeem-after").getText()).isEqualTo("150");
        screenshot("portal-redeem-confirm");
        viewport(Viewport.PHONE);
        find("#redeem-confirm").click();
        waiting().until(ExpectedConditions.urlMatches(".*/portal/redemptions/\\d+\\?new$"));
        assertThat(find("#redeemed").getText()).contains(rewardName);
        var code = find("#code-0").getText();
        assertThat(code).isNotBlank();
        waiting().until(d -> Boolean.TRUE.equals(driver.executeScript(
                "return [...document.images].every(i => i.complete && i.naturalWidth > 0)")));
        screenshot("portal-redemption-code");
        assertThat(ledger.balance(memberId).available()).isEqualTo(150);

        // points missing? -> the claim form -> the ticket
        viewport(Viewport.PHONE);
        find(".portal-nav a[href='/portal/history']").click();
        find("#points-missing").click();
        waiting().until(ExpectedConditions.urlToBe(url("/portal/history/claim")));
        type("#receiptNumber", receipt);
        new org.openqa.selenium.support.ui.Select(find("#storeCode")).selectByValue(store);
        driver.executeScript("document.getElementById('purchasedOn').value = arguments[0]",
                LocalDate.ofInstant(boughtAt, tiers.zone()).toString());
        type("#amount", "18.60");
        screenshot("portal-claim");
        viewport(Viewport.PHONE);
        find("#claim-send").click();
        waiting().until(ExpectedConditions.urlMatches(".*/portal/tickets/\\d+$"));
        assertThat(find("#ticket-claim").getText()).contains("We are looking for receipt " + receipt);
        long conversationId = Long.parseLong(driver.getCurrentUrl().replaceAll(".*/", ""));
        find(".portal-logout button").click();
        waiting().until(ExpectedConditions.urlToBe(url("/portal/login?logout")));

        // the agent attaches the purchase in one click
        logIn(agent, "agent-password-" + n);
        waiting().until(ExpectedConditions.urlToBe(url("/console")));
        open("/desk/conversations/" + conversationId);
        assertThat(find("#claim-receipt").getText()).isEqualTo(receipt);
        assertThat(find("#desk-claim").getText()).contains("Matches store, day and amount");
        screenshot("desk-claim");
        find("#desk-claim button[type=submit]").click();
        waiting().until(ExpectedConditions.textToBe(By.cssSelector(".flash"),
                "Purchase attached: 18 points earned as of its date. The member was told."));
        assertThat(find("#claim-attached").getText()).contains("18 points");
        assertThat(driver.findElements(By.cssSelector(".desk-msg-system .desk-msg-body")))
                .anyMatch(e -> e.getText().contains("attached purchase " + receipt));
        var balance = ledger.balance(memberId);
        assertThat(balance.available() + balance.pending()).isEqualTo(150 + 18);

        // the member sees the answer
        open("/portal/login");
        type("#username", email);
        type("#password", PASSWORD);
        find("form[action$='/portal/login'] button[type=submit]").click();
        waiting().until(ExpectedConditions.urlToBe(url("/portal")));
        open("/portal/tickets/" + conversationId);
        assertThat(find("#ticket-claim").getText()).contains("Found! 18 points");
        assertThat(find("#thread").getText()).contains("we found your purchase " + receipt);
        screenshot("portal-ticket-answered");
    }
}
