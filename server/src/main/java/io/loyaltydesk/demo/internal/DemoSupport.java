package io.loyaltydesk.demo.internal;

import io.loyaltydesk.members.Member;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.NewConversation;
import io.loyaltydesk.support.QueueView;
import io.loyaltydesk.staff.Actor;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The support side of the demo: a morning's queue of the questions a loyalty desk really gets (missing points,
 * expired points, a voucher that does not scan, a lost card), some new, some being worked on, some solved.
 */
@Component
class DemoSupport {

    /** One demo conversation: who writes, about what, and what the desk already did with it. */
    private record Case(Conversation.Channel channel, String subject, String message,
            Consumer<Long> handling) {
    }

    private final Conversations conversations;

    DemoSupport(Conversations conversations) {
        this.conversations = conversations;
    }

    boolean seeded() {
        return !conversations.queue(QueueView.ALL, null, null, 1).items().isEmpty();
    }

    /** Opens the demo conversations for the first demo members; returns how many. */
    int seed(List<Member> members) {
        var cases = cases();
        int opened = 0;
        for (int i = 0; i < cases.size() && i < members.size(); i++) {
            var member = members.get(members.size() - 1 - i * 7 % members.size());
            var email = member.email().orElse(null);
            if (email == null) {
                continue;
            }
            var c = cases.get(i);
            var conversation = conversations.open(new NewConversation(c.channel(), c.subject(), email, null,
                    c.message()));
            Actor.callAs(new Actor(Actor.Type.STAFF, null, "agent", null), () -> {
                c.handling().accept(conversation.id());
                return null;
            });
            opened++;
        }
        return opened;
    }

    private List<Case> cases() {
        return List.of(
                new Case(Conversation.Channel.EMAIL, "Points missing for yesterday's order",
                        "Hi, I bought two cappuccinos and a croissant yesterday at Mitte but the app shows no "
                                + "points for it. Receipt BER-MITTE-0042. Can you check?", id -> { }),
                new Case(Conversation.Channel.WEB_FORM, "Why did my points expire?",
                        "I had 120 points last month and now they are gone. Nobody told me they expire!",
                        id -> conversations.assignToMe(id)),
                new Case(Conversation.Channel.CHAT, "Voucher code does not scan",
                        "The free coffee code from my rewards did not work at the till this morning.",
                        id -> {
                            conversations.assignToMe(id);
                            conversations.reply(id, "Sorry about that! Could you send me the code? I will check "
                                    + "it right away.", Conversation.Status.PENDING);
                        }),
                new Case(Conversation.Channel.EMAIL, "Lost my loyalty card",
                        "I lost my card on the train. Can I keep my points on a new one?",
                        id -> conversations.changePriority(id, Conversation.Priority.HIGH)),
                new Case(Conversation.Channel.SMS, "Wrong milk in my order",
                        "Ordered oat milk, got cow's milk. Not the first time.",
                        id -> {
                            conversations.assignToMe(id);
                            conversations.note(id, "Regular at Kreuzberg; store manager informed.");
                            conversations.goodwill(id, 30, "Goodwill: wrong milk in order");
                            conversations.reply(id, "We are very sorry. We added 30 points to your account as an "
                                    + "apology and told the store.", Conversation.Status.SOLVED);
                        }),
                new Case(Conversation.Channel.WEB_FORM, "Birthday bonus?",
                        "Do I get double points in my birthday month? It is next week.",
                        id -> {
                            conversations.assignToMe(id);
                            conversations.reply(id, "Yes! All of your birthday month, up to 200 extra points.",
                                    Conversation.Status.SOLVED);
                        }),
                new Case(Conversation.Channel.EMAIL, "How far am I from Gold?",
                        "I love the Gold benefits. How many points do I still need?", id -> { }),
                new Case(Conversation.Channel.SOCIAL, "Double points weekend coming back?",
                        "Will you do the double points weekend again before Christmas?",
                        id -> conversations.changePriority(id, Conversation.Priority.LOW)));
    }
}
