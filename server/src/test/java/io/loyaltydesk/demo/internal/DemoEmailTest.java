package io.loyaltydesk.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.members.Enrollment;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.Message;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The demo's email conversations go through the real intake and thread as a member would see them. */
class DemoEmailTest extends IntegrationTest {

    @Autowired
    DemoEmail demoEmail;

    @Autowired
    Members members;

    @Autowired
    Conversations conversations;

    @Test
    void theDemoMailsOpenThreadedConversations() {
        var writers = new ArrayList<Member>();
        for (int i = 0; i < 30; i++) {
            long n = unique();
            writers.add(Actor.callAs(Actor.system("test"), () -> members.enroll(new Enrollment("Demo", "Mail" + n,
                    "demo-mail" + n + "@example.test", null, null, null, null, null, null, Map.of(), "test", null))));
        }
        assertThat(Actor.callAs(Actor.system("demo"), () -> demoEmail.seed(writers))).isEqualTo(4);

        var lena = writers.get(3);
        var threads = conversations.ofMember(lena.id().value(), 5);
        assertThat(threads).hasSize(1);
        var voucher = threads.getFirst();
        assertThat(voucher.channel()).isEqualTo(Conversation.Channel.EMAIL);
        assertThat(voucher.status()).isEqualTo(Conversation.Status.SOLVED);
        var kinds = conversations.messages(voucher.id()).stream().map(Message::kind).toList();
        assertThat(kinds).containsSubsequence(Message.Kind.FROM_MEMBER, Message.Kind.FROM_AGENT,
                Message.Kind.FROM_MEMBER, Message.Kind.NOTE);
        assertThat(conversations.messages(voucher.id()).getFirst().body()).startsWith("Hello,\n\nthe 5 € voucher");
    }
}
