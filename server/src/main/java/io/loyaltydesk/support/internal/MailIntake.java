package io.loyaltydesk.support.internal;

import io.loyaltydesk.members.IdentifierKind;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.InboundEmail;
import io.loyaltydesk.support.NewConversation;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Incoming support mail, from IMAP or the webhook: dropped when seen before, threaded into the conversation it
 * answers when the sender is that conversation's contact, else a new conversation. How a mail finds its thread, in
 * order: our signed Message-IDs in In-Reply-To/References, our signed plus-address among the recipients, the ids of
 * mails stored earlier, and a {@code [#123]} subject token. Every route needs the sender to be the contact (the
 * conversation's email or its member's), so a forwarded mail opens a new conversation; the signatures make sure a
 * forged From alone cannot attach a mail to someone else's thread. Automatic replies and bounces are noted in their
 * thread without reopening it, and nothing is ever sent back to them.
 */
@Service
class MailIntake implements InboundEmail {

    private static final Pattern SUBJECT_TOKEN = Pattern.compile("\\[#(\\d{1,18})]");
    private static final Pattern QUOTE_HEADER = Pattern.compile(
            "^(On .{4,200} wrote:|Am .{4,200} schrieb .{1,200}:|-{2,} ?(Original Message|Ursprüngliche Nachricht) ?-{2,}"
                    + "|From: .+|Von: .+)$");

    private final JdbcClient jdbc;
    private final Conversations conversations;
    private final Members members;
    private final MailSigning signing;
    private final SupportMailProperties properties;
    private final Clock clock;

    MailIntake(JdbcClient jdbc, Conversations conversations, Members members, MailSigning signing,
            SupportMailProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.members = members;
        this.signing = signing;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    @Transactional
    public Received receive(byte[] rawMessage) {
        if (rawMessage == null || rawMessage.length == 0) {
            throw new CommandRefusedException.InvalidInput("message", "is empty");
        }
        if (rawMessage.length > properties.messageSizeMax().toBytes()) {
            throw new CommandRefusedException.InvalidInput("message", "is larger than "
                    + properties.messageSizeMax().toMegabytes() + " MB");
        }
        var mail = ParsedMail.parse(rawMessage, properties.attachmentSizeMax().toBytes());
        return Actor.callAs(Actor.system("email"), () -> take(mail));
    }

    private Received take(ParsedMail mail) {
        // two nodes (IMAP and the webhook, or two polls) taking the same mail at once: the second waits, then drops it
        jdbc.sql("select pg_advisory_xact_lock(hashtext(:id))").param("id", mail.messageId())
                .query((rs, row) -> 1).list();
        if (jdbc.sql("select count(*) from support_emails where rfc_message_id = :id").param("id", mail.messageId())
                .query(Long.class).single() > 0) {
            return new Received(Outcome.DUPLICATE, null);
        }
        if (ours(mail.fromAddress())) {
            return new Received(Outcome.IGNORED, null);
        }
        var conversationId = thread(mail).orElse(null);
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (mail.automatic()) {
            if (conversationId == null) {
                return new Received(Outcome.IGNORED, null);
            }
            var note = conversations.note(conversationId, "Automatic reply or delivery report from " + mail.from()
                    + (mail.subject().isEmpty() ? "" : ": " + mail.subject()));
            store(mail, conversationId, note.id(), "AUTO_REPLY", false, now);
            return new Received(Outcome.AUTO_REPLY, conversationId);
        }
        Outcome outcome;
        long messageId;
        if (conversationId != null) {
            messageId = conversations.memberWrote(conversationId, body(mail, true)).id();
            outcome = Outcome.THREADED;
        } else {
            var opened = conversations.open(new NewConversation(Conversation.Channel.EMAIL, subject(mail),
                    mail.fromAddress(), null, body(mail, false)));
            conversationId = opened.id();
            messageId = jdbc.sql("""
                    select id from conversation_messages
                     where conversation_id = :conversation and kind = 'FROM_MEMBER' order by id limit 1
                    """).param("conversation", conversationId).query(Long.class).single();
            outcome = Outcome.OPENED;
        }
        store(mail, conversationId, messageId, "RECEIVED", true, now);
        return new Received(outcome, conversationId);
    }

    private Optional<Long> thread(ParsedMail mail) {
        var signed = new LinkedHashSet<Long>();
        var candidates = new LinkedHashSet<Long>();
        var referenced = new ArrayList<String>();
        if (mail.inReplyTo() != null) {
            referenced.add(mail.inReplyTo());
        }
        referenced.addAll(mail.references().reversed());
        referenced.forEach(id -> signing.conversationOfMessageId(id).ifPresent(signed::add));
        mail.recipients().forEach(address -> signing.conversationOfAddress(address).ifPresent(signed::add));
        if (mail.automatic() && !signed.isEmpty()) {
            // a bounce or out-of-office comes from a machine, not the contact; our signature is proof enough for a note
            return conversations.find(signed.getFirst()).map(c -> conversations.followMerges(c.id()));
        }
        candidates.addAll(signed);
        if (!referenced.isEmpty()) {
            candidates.addAll(jdbc.sql("""
                    select conversation_id from support_emails where rfc_message_id in (:ids) order by id desc
                    """).param("ids", referenced).query(Long.class).list());
        }
        var token = SUBJECT_TOKEN.matcher(mail.subject());
        while (token.find()) {
            candidates.add(Long.parseLong(token.group(1)));
        }
        for (long candidate : candidates) {
            var conversation = conversations.find(candidate);
            if (conversation.isPresent() && senderIsContact(conversation.get(), mail.fromAddress())) {
                // the thread of a merged conversation goes on in the one it was merged into (ADR 0020)
                return Optional.of(conversations.followMerges(candidate));
            }
        }
        return Optional.empty();
    }

    private boolean senderIsContact(Conversation conversation, String from) {
        if (conversation.contactEmail() != null && conversation.contactEmail().equalsIgnoreCase(from)) {
            return true;
        }
        return conversation.memberId() != null && members.findBy(IdentifierKind.EMAIL, from)
                .filter(member -> member.id().value() == conversation.memberId()).isPresent();
    }

    private boolean ours(String from) {
        return properties.outboundEnabled() && (from.equalsIgnoreCase(properties.address().strip())
                || signing.conversationOfAddress(from).isPresent());
    }

    private static String subject(ParsedMail mail) {
        var subject = mail.subject().isBlank() ? "(no subject)" : mail.subject();
        return subject.length() > Conversations.SUBJECT_MAX
                ? subject.substring(0, Conversations.SUBJECT_MAX - 1) + "…" : subject;
    }

    /** The member's words as text; in a reply, without the quoted earlier mail below them. */
    static String body(ParsedMail mail, boolean reply) {
        var text = mail.text() != null && !mail.text().isBlank() ? mail.text()
                : mail.html() != null ? MailHtml.text(mail.html()) : "";
        text = text.replace("\r\n", "\n").strip();
        if (reply) {
            var lines = text.split("\n", -1);
            var kept = new ArrayList<String>();
            for (int i = 0; i < lines.length; i++) {
                var line = lines[i].strip();
                // mail programs wrap a long "On <date>, <name> <address> wrote:" over two lines
                var wrapped = i + 1 < lines.length ? line + " " + lines[i + 1].strip() : line;
                if (QUOTE_HEADER.matcher(line).matches()
                        || line.startsWith("On ") && QUOTE_HEADER.matcher(wrapped).matches()) {
                    break;
                }
                kept.add(lines[i]);
            }
            while (!kept.isEmpty() && (kept.getLast().isBlank() || kept.getLast().startsWith(">"))) {
                kept.removeLast();
            }
            var unquoted = String.join("\n", kept).strip();
            if (!unquoted.isEmpty()) {
                text = unquoted;
            }
        }
        if (text.isEmpty()) {
            text = mail.attachments().isEmpty() ? "(no text)" : "(no text, only attachments)";
        }
        return text.length() > Conversations.BODY_MAX
                ? text.substring(0, Conversations.BODY_MAX - 20) + "\n[… shortened]" : text;
    }

    private void store(ParsedMail mail, long conversationId, long messageId, String status, boolean withContent,
            Instant now) {
        long emailId = jdbc.sql("""
                insert into support_emails (conversation_id, message_id, direction, rfc_message_id, in_reply_to,
                                            references_ids, from_address, to_addresses, cc_addresses, subject, html,
                                            status, created_at)
                values (:conversation, :message, 'IN', :rfc, :inReplyTo, :references, :from, :to, :cc, :subject, :html,
                        :status, :now)
                returning id
                """)
                .param("conversation", conversationId).param("message", messageId).param("rfc", mail.messageId())
                .param("inReplyTo", mail.inReplyTo()).param("references", String.join(" ", mail.references()))
                .param("from", mail.from()).param("to", String.join(", ", mail.to()))
                .param("cc", String.join(", ", mail.cc())).param("subject", mail.subject())
                .param("html", withContent && mail.html() != null && !mail.html().isBlank() ? mail.html() : null)
                .param("status", status).param("now", Timestamp.from(now))
                .query(Long.class).single();
        if (!withContent) {
            return;
        }
        for (var attachment : mail.attachments()) {
            var refused = refusal(attachment);
            jdbc.sql("""
                    insert into support_email_attachments (email_id, conversation_id, file_name, content_type,
                                                           size_bytes, content, refused_reason, created_at)
                    values (:email, :conversation, :name, :type, :size, :content, :refused, :now)
                    """)
                    .param("email", emailId).param("conversation", conversationId).param("name", attachment.fileName())
                    .param("type", attachment.contentType()).param("size", attachment.sizeBytes())
                    .param("content", refused == null ? attachment.content() : null).param("refused", refused)
                    .param("now", Timestamp.from(now)).update();
        }
    }

    /** Why an attachment is not kept, or null when it is: size, an unlisted type, or bytes that are not that type. */
    String refusal(ParsedMail.Attachment attachment) {
        if (attachment.content() == null || attachment.sizeBytes() > properties.attachmentSizeMax().toBytes()) {
            return "larger than " + properties.attachmentSizeMax().toMegabytes() + " MB";
        }
        if (!properties.typeAllowed(attachment.contentType())) {
            return "type " + attachment.contentType() + " is not accepted";
        }
        if (!looksLike(attachment.contentType(), attachment.content())) {
            return "content is not " + attachment.contentType();
        }
        return null;
    }

    /** The first bytes of the formats that have a signature; text has none to check. */
    private static boolean looksLike(String type, byte[] content) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "application/pdf" -> startsWith(content, "%PDF-".getBytes(StandardCharsets.US_ASCII));
            case "image/png" -> startsWith(content, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            case "image/jpeg" -> startsWith(content, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff});
            case "image/gif" -> startsWith(content, "GIF87a".getBytes(StandardCharsets.US_ASCII)) || startsWith(content, "GIF89a".getBytes(StandardCharsets.US_ASCII));
            case "image/webp" -> content.length >= 12 && startsWith(content, "RIFF".getBytes(StandardCharsets.US_ASCII))
                    && new String(content, 8, 4, StandardCharsets.US_ASCII).equals("WEBP");
            default -> !type.startsWith("text/") || noNul(content);
        };
    }

    private static boolean noNul(byte[] content) {
        for (byte b : content) {
            if (b == 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] content, byte[] prefix) {
        if (content.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (content[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
