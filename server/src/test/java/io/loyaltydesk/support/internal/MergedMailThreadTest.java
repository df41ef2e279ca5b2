package io.loyaltydesk.support.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.members.Enrollment;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.Message;
import io.loyaltydesk.support.TestMail;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Mail and merged conversations (ADR 0020), against a real mail server: the member answering the thread of a
 * conversation merged away lands in the one it was merged into; an assistant's answer is mailed like a reply.
 */
class MergedMailThreadTest extends IntegrationTest {

    private static final Actor AGENT = new Actor(Actor.Type.STAFF, null, "jonas", null);

    @Autowired
    Members members;

    @Autowired
    Conversations conversations;

    @Autowired
    MailPolling polling;

    @Autowired
    MailOutbox outbox;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void mailServer() {
        TestMail.server();
    }

    @Test
    void theMembersAnswerToAMergedThreadLandsInTheTarget() throws Exception {
        long n = unique();
        var email = "merge" + n + "@example.test";
        Actor.callAs(Actor.system("test"), () -> members.enroll(new Enrollment("Eva", "Berg", email, null, null, null,
                null, null, null, Map.of(), "test", null)));
        var first = "<m1-" + n + "@mail.example.test>";
        TestMail.deliver(EmailChannelTest.mail(first, email, TestMail.SUPPORT, "Card blocked", "",
                "My card does not work."));
        polling.poll();
        long source = conversationsOf(email).getFirst();
        Actor.callAs(AGENT, () -> conversations.reply(source, "Which card number?", null));
        outbox.sendDue();
        var reply = TestMail.receivedBy(email).getLast();
        var ourId = reply.getMessageID();
        var replyTo = reply.getReplyTo()[0].toString();

        TestMail.deliver(EmailChannelTest.mail("<m2-" + n + "@mail.example.test>", email, TestMail.SUPPORT,
                "Card still blocked", "", "Card still does not work at the till."));
        polling.poll();
        long target = conversationsOf(email).getLast();
        assertThat(target).isNotEqualTo(source);
        Actor.callAs(AGENT, () -> conversations.merge(source, target));

        TestMail.deliver(EmailChannelTest.mail("<m3-" + n + "@mail.example.test>", email, replyTo,
                "Re: Card blocked [#" + source + "]", "In-Reply-To: " + ourId + "\r\nReferences: " + first + " "
                        + ourId + "\r\n", "It is 1234 5678."));
        polling.poll();
        assertThat(conversationsOf(email)).as("no new conversation").containsExactly(source, target);
        assertThat(memberLines(target).getLast().body()).isEqualTo("It is 1234 5678.");
        assertThat(memberLines(source)).hasSize(1);
        assertThat(conversations.get(source).status()).isEqualTo(Conversation.Status.MERGED);
        assertThat(jdbc.sql("select conversation_id from support_emails where rfc_message_id = :id")
                .param("id", "<m3-" + n + "@mail.example.test>").query(Long.class).single()).isEqualTo(target);

        // only the subject token of the merged one: the same
        TestMail.deliver(EmailChannelTest.mail("<m4-" + n + "@mail.example.test>", email, TestMail.SUPPORT,
                "Re: Card blocked [#" + source + "]", "", "Any news?"));
        polling.poll();
        assertThat(memberLines(target).getLast().body()).isEqualTo("Any news?");

        // an assistant's answer on an email conversation goes out by mail like a reply
        int mailsBefore = TestMail.receivedBy(email).size();
        Actor.callAs(new Actor(Actor.Type.API_KEY, "1", "help-bot", null),
                () -> conversations.addMessage(target, Message.Kind.FROM_ASSISTANT, "Your card is unblocked now."));
        outbox.sendDue();
        var mails = TestMail.receivedBy(email);
        assertThat(mails).hasSize(mailsBefore + 1);
        assertThat(((String) mails.getLast().getContent()).strip()).isEqualTo("Your card is unblocked now.");
        assertThat(mails.getLast().getSubject()).contains("[#" + target + "]");
        assertThat(conversations.get(target).firstResponseAt()).as("the assistant is no agent response").isNull();
    }

    private List<Long> conversationsOf(String email) {
        return jdbc.sql("select id from conversations where contact_email = :e order by id").param("e", email)
                .query(Long.class).list();
    }

    private List<Message> memberLines(long id) {
        return conversations.messages(id).stream().filter(m -> m.kind() == Message.Kind.FROM_MEMBER
                && !isCopy(m)).toList();
    }

    private boolean isCopy(Message m) {
        return jdbc.sql("select copied_from is not null from conversation_messages where id = :id")
                .param("id", m.id()).query(Boolean.class).single();
    }
}
