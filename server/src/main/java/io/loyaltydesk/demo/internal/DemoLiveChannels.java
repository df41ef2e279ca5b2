package io.loyaltydesk.demo.internal;

import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.LoyaltyDeskProperties;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.MemberChat;
import io.loyaltydesk.support.NewConversation;
import io.loyaltydesk.support.QueueView;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Live channels in the demo: a member's portal chat (answered by email, as nobody had the desk open when it came
 * in), two chats an agent answered live, and SMS and messaging-app conversations from people writing from their
 * phones. Runs after the demo queue exists (the main seed runs in the background) and only once.
 */
@Component
@Order(11)
class DemoLiveChannels implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoLiveChannels.class);
    private static final Duration WAIT_MAX = Duration.ofMinutes(10);
    private static final Actor AGENT = new Actor(Actor.Type.STAFF, null, "agent", null);

    private final LoyaltyDeskProperties properties;
    private final Conversations conversations;
    private final MemberChat chat;
    private final Members members;

    DemoLiveChannels(LoyaltyDeskProperties properties, Conversations conversations, MemberChat chat,
            Members members) {
        this.properties = properties;
        this.conversations = conversations;
        this.chat = chat;
        this.members = members;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.demo().enabled()) {
            return;
        }
        Thread.ofVirtual().name("demo-live-channels").start(() -> {
            try {
                var people = awaitDemoQueue();
                if (people.size() < 3) {
                    log.info("No demo queue with members found; not seeding demo chats and SMS");
                    return;
                }
                if (chat.thread(people.getFirst().id().value()).conversation() != null) {
                    log.info("Demo chats found; not seeding them again");
                    return;
                }
                int opened = seed(people);
                log.info("Seeded the demo chats and SMS: {} conversations", opened);
            } catch (RuntimeException e) {
                log.error("The demo chats and SMS were not seeded", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The members of the demo support queue, once the main seed has written it. */
    private List<Member> awaitDemoQueue() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_MAX.toNanos();
        while (System.nanoTime() < deadline) {
            var queue = conversations.queue(QueueView.ALL, null, null, 50).items();
            if (!queue.isEmpty()) {
                var ids = new LinkedHashSet<Long>();
                queue.stream().map(Conversation::memberId).filter(id -> id != null).forEach(ids::add);
                return ids.stream().map(id -> members.get(new MemberId(id))).toList();
            }
            Thread.sleep(2_000);
        }
        return List.of();
    }

    int seed(List<Member> people) {
        return Actor.callAs(Actor.system("demo"), () -> {
            int opened = 0;
            // a portal chat while nobody was online: it became an email-answered ticket
            var offline = people.getFirst();
            chat.send(offline.id().value(), "Hi! I redeemed 300 points for the tote bag two weeks ago and it has "
                    + "not arrived. Is it on its way?");
            opened++;

            var live = conversations.open(new NewConversation(Conversation.Channel.CHAT, "Chat: which store has "
                    + "the autumn menu?", people.get(1).email().orElse(null), null,
                    "Hello, does the Kreuzberg store already have the pumpkin latte? Does it earn double points?"));
            Actor.callAs(AGENT, () -> {
                conversations.assignToMe(live.id());
                conversations.reply(live.id(), "Hi! Yes, Kreuzberg has it since Monday, and it earns double "
                        + "points until the end of the month.", null);
                return null;
            });
            conversations.memberWrote(live.id(), "Great, thanks!");
            Actor.callAs(AGENT, () -> conversations.changeStatus(live.id(), Conversation.Status.SOLVED));
            opened++;

            var waiting = conversations.open(new NewConversation(Conversation.Channel.CHAT, "Chat: app shows "
                    + "the wrong tier", people.get(2).email().orElse(null), null,
                    "My app still says Silver but I passed 2,000 points last week."));
            Actor.callAs(AGENT, () -> conversations.reply(waiting.id(), "Let me check your tier history, one "
                    + "moment please.", null));
            opened++;

            opened += sms(Conversation.Channel.SMS, "+4915112345001", "Hi, I got a text about expiring points. "
                    + "How many do I have left?", "You have 240 points, 80 of them expire on 1 March. Reply with "
                    + "your member number if you want details.");
            opened += sms(Conversation.Channel.SMS, "+4915112345002", "STOP sending me offers please", null);
            opened += sms(Conversation.Channel.SOCIAL, "+4917698765003", "Can I use my points in the new Hamburg "
                    + "store?", "Yes, every store of the chain takes points, Hamburg included.");
            return opened;
        });
    }

    private int sms(Conversation.Channel channel, String phone, String text, String answer) {
        var opened = conversations.open(new NewConversation(channel,
                (channel == Conversation.Channel.SMS ? "SMS from " : "Message from ") + phone, null, phone, text));
        if (answer != null) {
            Actor.callAs(AGENT, () -> conversations.reply(opened.id(), answer, Conversation.Status.PENDING));
        }
        return 1;
    }
}
