package io.loyaltydesk.support.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.InboundEmail;
import io.loyaltydesk.support.NewConversation;
import io.loyaltydesk.support.TestMail;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

/** Replies by mail are never lost and never doubled: queued with the reply, retried while the server is down. */
class MailOutboxTest extends IntegrationTest {

    @Autowired
    Conversations conversations;

    @Autowired
    InboundEmail inbound;

    @Autowired
    MailOutbox outbox;

    @Autowired
    MailSigning signing;

    @Autowired
    SupportMailProperties properties;

    @Autowired
    Members members;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @BeforeEach
    void mailServer() {
        TestMail.server();
    }

    @Test
    void aReplyWaitsOutAMailServerOutageAndIsSentOnce() throws IOException {
        long n = unique();
        var email = "outage" + n + "@example.test";
        long id = mailIn(n, email);
        reply(id, "We are on it.");
        long row = queued(id);

        var down = outboxWith(closedPort());
        assertThat(onlyDue(row, down::sendDue)).isZero();
        var afterFailure = jdbc.sql("select status, attempts, last_error is not null from support_emails where id = :id")
                .param("id", row).query((rs, r) -> rs.getString(1) + "/" + rs.getInt(2) + "/" + rs.getBoolean(3))
                .single();
        assertThat(afterFailure).isEqualTo("QUEUED/1/true");
        outbox.sendDue();
        assertThat(TestMail.receivedBy(email)).as("not due before its pause is over").isEmpty();

        var start = clock.instant();
        try {
            clock.set(start.plus(Duration.ofMinutes(2)));
            assertThat(outbox.sendDue()).isGreaterThanOrEqualTo(1);
            outbox.sendDue();
        } finally {
            clock.set(start);
        }
        assertThat(TestMail.receivedBy(email)).hasSize(1);
        assertThat(jdbc.sql("select status from support_emails where id = :id").param("id", row)
                .query(String.class).single()).isEqualTo("SENT");
    }

    @Test
    void afterTheLastAttemptTheReplyShowsAsFailed() throws IOException {
        long n = unique();
        long id = mailIn(n, "failing" + n + "@example.test");
        reply(id, "This one will not get through.");
        long row = queued(id);
        jdbc.sql("update support_emails set attempts = :attempts where id = :id")
                .param("attempts", properties.sendAttemptsMax() - 1).param("id", row).update();
        onlyDue(row, outboxWith(closedPort())::sendDue);
        assertThat(jdbc.sql("select status from support_emails where id = :id").param("id", row)
                .query(String.class).single()).isEqualTo("FAILED");
        var page = transactions.execute(s -> new DeskMail(jdbc).ofConversation(id));
        assertThat(page.values()).anySatisfy(e -> assertThat(e.status()).isEqualTo("FAILED"));
    }

    @Test
    void aReplyRolledBackLeavesNoMailAndNotesOrOtherChannelsAreNeverMailed() {
        long n = unique();
        long id = mailIn(n, "rollback" + n + "@example.test");
        transactions.executeWithoutResult(status -> {
            reply(id, "This reply is rolled back.");
            status.setRollbackOnly();
        });
        assertThat(outRows(id)).isZero();

        Actor.callAs(Actor.system("test"), () -> conversations.note(id, "internal"));
        assertThat(outRows(id)).isZero();

        var web = Actor.callAs(Actor.system("test"), () -> conversations.open(new NewConversation(
                Conversation.Channel.WEB_FORM, "Form", "web" + n + "@example.test", null, "hello"))).id();
        reply(web, "Answered in the portal");
        assertThat(outRows(web)).isZero();
    }

    /** Runs a send with only this row due: other tests' queued replies are pushed back for the moment. */
    private int onlyDue(long row, java.util.function.IntSupplier send) {
        jdbc.sql("update support_emails set next_attempt_at = next_attempt_at + interval '1 day' where status = "
                + "'QUEUED' and id <> :id").param("id", row).update();
        try {
            return send.getAsInt();
        } finally {
            jdbc.sql("update support_emails set next_attempt_at = next_attempt_at - interval '1 day' where status = "
                    + "'QUEUED' and id <> :id").param("id", row).update();
        }
    }

    private long mailIn(long n, String email) {
        var raw = EmailChannelTest.mail("<outbox-" + n + "@example.test>", email, TestMail.SUPPORT, "Outbox " + n, "",
                "Hello");
        return inbound.receive(raw.getBytes(StandardCharsets.UTF_8)).conversationId();
    }

    private void reply(long id, String text) {
        Actor.callAs(new Actor(Actor.Type.STAFF, null, "jonas", null), () -> conversations.reply(id, text, null));
    }

    private long queued(long id) {
        return jdbc.sql("select id from support_emails where conversation_id = :c and direction = 'OUT' and status = "
                + "'QUEUED'").param("c", id).query(Long.class).single();
    }

    private long outRows(long id) {
        return jdbc.sql("select count(*) from support_emails where conversation_id = :c and direction = 'OUT'")
                .param("c", id).query(Long.class).single();
    }

    private MailOutbox outboxWith(int port) {
        var sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        var beans = new StaticListableBeanFactory(Map.of("mailSender", sender));
        return new MailOutbox(jdbc, members, signing, properties, beans.getBeanProvider(JavaMailSender.class),
                beans.getBeanProvider(io.loyaltydesk.support.AutomatedMailBody.class), clock);
    }

    private static int closedPort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
