package io.loyaltydesk.demo.internal;

import io.loyaltydesk.members.Member;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.purchases.PurchaseRequest;
import io.loyaltydesk.purchases.Purchases;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.MemberConversations;
import io.loyaltydesk.support.MissingPointsClaims;
import io.loyaltydesk.support.NewClaim;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What members sent from the portal: missing-points claims (most with the purchase waiting unassigned, because the
 * card was not scanned at the till; one with a receipt number that matches nothing; one already attached by an agent)
 * and a few tickets from the portal's contact form, one of them answered and answered again.
 */
@Component
class DemoPortalHelp {

    /** A purchase made without the card, and what the member later says about it. */
    private record MissingPurchase(String store, int daysAgo, String total, String item, String category,
            boolean receiptTypo, String note) {
    }

    /** The tills' own source for purchases rung up without a card, kept apart from the year of demo activity. */
    static final String SOURCE = "demo-pos-nocard";

    private static final List<MissingPurchase> CLAIMS = List.of(
            new MissingPurchase("BER-MITTE", 2, "8.70", "FLATWHITE", "COFFEE", false,
                    "The card reader was broken, the barista said I could claim it here."),
            new MissingPurchase("HH-ALTONA", 4, "14.20", "BREAKFAST", "FOOD", false, null),
            new MissingPurchase("BER-KREUZBERG", 6, "5.40", "CAPPU", "COFFEE", false, "Forgot my phone."),
            new MissingPurchase("HH-EPPENDORF", 3, "11.90", "BEANS", "RETAIL", true,
                    "I think the number is right, the receipt is a bit faded."),
            new MissingPurchase("BER-MITTE", 9, "6.10", "CHAI", "TEA", false, null));

    private final Purchases purchases;
    private final MissingPointsClaims claims;
    private final MemberConversations tickets;
    private final Conversations conversations;
    private final Clock clock;

    DemoPortalHelp(Purchases purchases, MissingPointsClaims claims, MemberConversations tickets,
            Conversations conversations, Clock clock) {
        this.purchases = purchases;
        this.claims = claims;
        this.tickets = tickets;
        this.conversations = conversations;
        this.clock = clock;
    }

    /** Whether the first demo member who claims has a claim already. */
    boolean seeded(List<Member> members) {
        return members.size() < CLAIMS.size() + 3 || tickets.of(claimant(members, 0).id().value(), 50).stream()
                .anyMatch(c -> claims.find(c.id()).isPresent());
    }

    private static Member claimant(List<Member> members, int i) {
        return members.get((3 + i * 5) % members.size());
    }

    /** Claims and portal tickets of some demo members (not the same ones as the desk's queue); returns how many. */
    int seed(List<Member> members) {
        if (members.size() < CLAIMS.size() + 3) {
            return 0;
        }
        var now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        int made = 0;
        Long toAttach = null;
        long toAttachPurchase = 0;
        for (int i = 0; i < CLAIMS.size(); i++) {
            var member = claimant(members, i);
            var c = CLAIMS.get(i);
            var receipt = "%s-%s-%04d".formatted(c.store(), LocalDate.ofInstant(now, DemoActivity.ZONE)
                    .minusDays(c.daysAgo()).toString().replace("-", ""), 7000 + i);
            var at = now.minus(c.daysAgo(), ChronoUnit.DAYS).minus(3 + i, ChronoUnit.HOURS);
            var total = new BigDecimal(c.total());
            try {
                var recorded = purchases.record(new PurchaseRequest(receipt, c.store(), "POS", null, null, null, null,
                        at.toString(), "EUR", total, List.of(new PurchaseRequest.Line(c.item(), c.category(),
                                BigDecimal.ONE, total, total))), SOURCE);
                var said = c.receiptTypo() ? receipt.substring(0, receipt.length() - 1) + "9" : receipt;
                var claim = Actor.callAs(memberActor(member), () -> claims.open(member.id().value(),
                        new NewClaim(said, c.store(), LocalDate.ofInstant(at, DemoActivity.ZONE).toString(),
                                c.total(), c.note())));
                if (i == CLAIMS.size() - 1) {
                    toAttach = claim.conversationId();
                    toAttachPurchase = recorded.receipt().id();
                }
                made++;
            } catch (CommandRefusedException e) {
                // a demo member who cannot claim (not active): leave them out
            }
        }
        if (toAttach != null) {
            long conversation = toAttach;
            long purchase = toAttachPurchase;
            try {
                Actor.callAs(new Actor(Actor.Type.STAFF, null, "agent", null),
                        () -> claims.attach(conversation, purchase));
            } catch (CommandRefusedException e) {
                // the claimant's membership is not active: the claim stays open, as it would on the desk
            }
        }
        made += seedTickets(members.subList(CLAIMS.size() + 3, Math.min(members.size(), CLAIMS.size() + 6)));
        return made;
    }

    private int seedTickets(List<Member> members) {
        var texts = List.of(
                List.of("Can I use points online?", "Hi! Can I pay with my points in the web shop as well?"),
                List.of("Change my home store", "I moved to Hamburg. Can my home store be Altona now?"),
                List.of("Gift card balance", "How do I see how much is left on the gift card my sister gave me?"));
        int made = 0;
        for (int i = 0; i < members.size() && i < texts.size(); i++) {
            var member = members.get(i);
            var subject = texts.get(i).get(0);
            var message = texts.get(i).get(1);
            var ticket = Actor.callAs(memberActor(member), () -> tickets.contact(member.id().value(), subject, message));
            if (i == 0) {
                Actor.callAs(new Actor(Actor.Type.STAFF, null, "agent", null), () -> conversations.reply(ticket.id(),
                        "Not yet in the web shop, sorry! At the till you can pay with points in every store.",
                        Conversation.Status.PENDING));
                Actor.callAs(memberActor(member), () -> tickets.reply(member.id().value(), ticket.id(),
                        "Thanks! Any plans for the web shop?"));
            } else if (i == 1) {
                Actor.callAs(new Actor(Actor.Type.STAFF, null, "agent", null), () -> {
                    conversations.note(ticket.id(), "Home store changes go through the member record in the console.");
                    return conversations.assignToMe(ticket.id());
                });
            }
            made++;
        }
        return made;
    }

    private static Actor memberActor(Member member) {
        return new Actor(Actor.Type.MEMBER, Long.toString(member.id().value()), member.email().orElse("member"), null);
    }
}
