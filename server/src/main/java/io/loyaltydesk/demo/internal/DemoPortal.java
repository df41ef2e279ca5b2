package io.loyaltydesk.demo.internal;

import io.loyaltydesk.members.Channel;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.portal.PortalBranding;
import io.loyaltydesk.portal.PortalLogins;
import io.loyaltydesk.purchases.PurchaseRequest;
import io.loyaltydesk.purchases.Purchases;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * One demo member can log in to the portal, and their inbox holds real messages: two purchases of the last
 * days, recorded like any till's, whose points the messaging triggers announce (and, as the member agreed to
 * email, queue as emails). New members who join in the demo get 50 welcome points when they confirm their email.
 */
@Component
class DemoPortal {

    static final String PASSWORD = "member-demo-password";
    static final int WELCOME_POINTS = 50;

    private final PortalLogins logins;
    private final PortalBranding branding;
    private final Purchases purchases;
    private final Clock clock;

    DemoPortal(PortalLogins logins, PortalBranding branding, Purchases purchases, Clock clock) {
        this.logins = logins;
        this.branding = branding;
        this.purchases = purchases;
        this.clock = clock;
    }

    /** The member whose login the demo opens: the first demo member who agreed to email. */
    static Optional<Member> demoMember(List<Member> members) {
        return members.stream().filter(m -> m.email().isPresent() && m.consented(Channel.EMAIL)).findFirst();
    }

    boolean seeded(List<Member> members) {
        return demoMember(members).map(m -> logins.exists(m.email().get())).orElse(true);
    }

    /** Returns the email of the member who can log in. */
    String seed(List<Member> members) {
        var member = demoMember(members).orElseThrow();
        logins.open(member.id(), PASSWORD);
        if (branding.welcomePoints() == 0) {
            branding.updateWelcomePoints(WELCOME_POINTS, "demo: new members get a welcome when they confirm");
        }
        // at the till's opening hours (7:00 to 18:59 in the shops' zone), whatever time of day the seed runs
        var today = java.time.LocalDate.ofInstant(clock.instant(), DemoActivity.ZONE);
        purchase(member, "DEMO-PORTAL-1-" + member.memberNumber(),
                today.minusDays(2).atTime(10, 15).atZone(DemoActivity.ZONE).toInstant(),
                line("CAPPUCCINO", "COFFEE", "3.40", 2), line("CROISSANT", "PASTRY", "2.20", 1));
        purchase(member, "DEMO-PORTAL-2-" + member.memberNumber(),
                today.minusDays(1).atTime(16, 40).atZone(DemoActivity.ZONE).toInstant(),
                line("FLAT-WHITE", "COFFEE", "3.70", 1), line("SOURDOUGH-LOAF", "BREAD", "4.90", 1));
        return member.email().get();
    }

    private void purchase(Member member, String externalId, java.time.Instant at, PurchaseRequest.Line... lines) {
        var total = java.util.Arrays.stream(lines).map(PurchaseRequest.Line::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        purchases.record(new PurchaseRequest(externalId, DemoSeed.MARKER_STORE, "POS", member.id().value(), null,
                null, null, at.toString(), "EUR", total, List.of(lines)), DemoActivity.SOURCE);
    }

    private static PurchaseRequest.Line line(String sku, String category, String price, int quantity) {
        var unit = new BigDecimal(price);
        return new PurchaseRequest.Line(sku, category, BigDecimal.valueOf(quantity), unit,
                unit.multiply(BigDecimal.valueOf(quantity)));
    }
}
