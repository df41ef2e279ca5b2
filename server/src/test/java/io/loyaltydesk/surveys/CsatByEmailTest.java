package io.loyaltydesk.surveys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Role;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.InboundEmail;
import io.loyaltydesk.support.Message;
import io.loyaltydesk.support.NewConversation;
import io.loyaltydesk.support.TestMail;
import io.loyaltydesk.support.internal.ConversationMetrics;
import io.loyaltydesk.support.internal.MailOutbox;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The CSAT invitation of an email conversation goes out by mail, in the thread, once, and counts as nobody's reply. */
class CsatByEmailTest extends IntegrationTest {

    private static final Pattern SIGNED_LINK = Pattern.compile("https?://\\S+/portal/surveys/answer/(\\S+)");

    @Autowired
    Conversations conversations;

    @Autowired
    InboundEmail inbound;

    @Autowired
    MailOutbox outbox;

    @Autowired
    CsatSurveys csat;

    @Autowired
    ConversationMetrics metrics;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void mailServer() {
        TestMail.server();
    }

    private static <T> T as(Supplier<T> work) {
        return Actor.callAs(new Actor(Actor.Type.STAFF, null, "jonas", null), work);
    }

    private void enroll(String email) throws Exception {
        mvc.perform(post("/api/v1/members").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"firstName\": \"Lena\", \"lastName\": \"Vogt\", \"email\": \"%s\"}".formatted(email)))
                .andExpect(status().isCreated());
    }

    private long mailIn(String messageId, String from, String subject) {
        var raw = "Message-ID: " + messageId + "\r\nFrom: " + from + "\r\nTo: " + TestMail.SUPPORT + "\r\nSubject: "
                + subject + "\r\nDate: Mon, 23 Nov 2026 09:00:00 +0100\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nMy points from Saturday are missing.\r\n";
        return inbound.receive(raw.getBytes(StandardCharsets.UTF_8)).conversationId();
    }

    private static String text(MimeMessage mail) throws Exception {
        return mail.getContent().toString();
    }

    @Test
    void solvingAnEmailConversationMailsTheSurveyLinkInTheThreadOnceAndNoMetricCountsIt() throws Exception {
        var email = uniqueEmail();
        enroll(email);
        var inboundId = "<csat-" + unique() + "@mail.example.test>";
        long id = mailIn(inboundId, email, "Points missing");
        var opened = conversations.get(id);
        assertThat(opened.memberId()).as("matched by the sender's address").isNotNull();

        as(() -> conversations.changeStatus(id, Conversation.Status.SOLVED));
        outbox.sendDue();

        List<MimeMessage> received = TestMail.receivedBy(email);
        assertThat(received).hasSize(1);
        var mail = received.getFirst();
        assertThat(mail.getHeader("In-Reply-To", null)).isEqualTo(inboundId);
        assertThat(mail.getHeader("References", null)).contains(inboundId);
        assertThat(mail.getSubject()).isEqualTo("Re: Points missing [#" + id + "]");
        var matcher = SIGNED_LINK.matcher(text(mail));
        assertThat(matcher.find()).as("a signed link that needs no login: %s", text(mail)).isTrue();
        var token = matcher.group(1);
        assertThat(csat.byToken(token).conversationId()).isEqualTo(id);

        var thread = conversations.messages(id);
        var invitation = thread.stream().filter(m -> m.kind() == Message.Kind.AUTOMATED).toList();
        assertThat(invitation).singleElement().satisfies(m -> {
            assertThat(m.body()).contains("/portal/surveys/csat/" + id);
            assertThat(m.body()).as("the signed link is never stored").doesNotContain(token);
        });
        assertThat(jdbc.sql("select purpose from support_emails where message_id = :m").param("m",
                invitation.getFirst().id()).query(String.class).single()).isEqualTo(CsatSurveys.CSAT_MAIL);

        mvc.perform(get("/desk/conversations/{id}", id).with(staff(Role.AGENT))).andExpect(status().isOk())
                .andExpect(content().string(containsString("Automated message")));
        assertThatThrownBy(() -> as(() -> conversations.addMessage(id, Message.Kind.AUTOMATED, "forged")))
                .as("only the desk writes automated messages").isInstanceOf(CommandRefusedException.InvalidInput.class);

        // nobody replied: the invitation is no first response and no reply in the metrics
        var solved = conversations.get(id);
        assertThat(solved.firstResponseAt()).isNull();
        var figures = metrics.of(id).orElseThrow();
        assertThat(figures.replies()).isZero();
        assertThat(figures.firstResponseSeconds()).isNull();

        // the member writes again, an agent answers and solves again: still the one invitation
        as(() -> conversations.memberWrote(id, "One more question"));
        as(() -> conversations.reply(id, "Here is the answer.", Conversation.Status.SOLVED));
        outbox.sendDue();
        var all = TestMail.receivedBy(email);
        assertThat(all).hasSize(2);
        assertThat(text(all.get(1))).contains("Here is the answer.").doesNotContain("/portal/surveys/answer/");
        assertThat(conversations.messages(id).stream().filter(m -> m.kind() == Message.Kind.AUTOMATED)).hasSize(1);
        assertThat(metrics.of(id).orElseThrow().replies()).as("only the agent's reply counts").isEqualTo(1);
    }

    @Test
    void portalConversationsKeepTheSurveyLineInTheThreadAndMailNothing() throws Exception {
        var email = uniqueEmail();
        enroll(email);
        long id = as(() -> conversations.open(new NewConversation(Conversation.Channel.WEB_FORM, "Web question",
                email, null, "Hello"))).id();
        as(() -> conversations.changeStatus(id, Conversation.Status.SOLVED));
        outbox.sendDue();

        assertThat(conversations.messages(id)).noneMatch(m -> m.kind() == Message.Kind.AUTOMATED)
                .anyMatch(m -> m.kind() == Message.Kind.SYSTEM && m.body().contains("/portal/surveys/csat/" + id));
        assertThat(jdbc.sql("select count(*) from support_emails where conversation_id = :c").param("c", id)
                .query(Long.class).single()).isZero();
        assertThat(TestMail.receivedBy(email)).isEmpty();
    }
}
