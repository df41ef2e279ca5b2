package io.loyaltydesk.support.internal;

import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.support.AutomatedMailBody;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Message;
import io.loyaltydesk.support.MessageAdded;
import jakarta.mail.MessagingException;
import java.io.UnsupportedEncodingException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Agents' replies and automated messages (see {@link io.loyaltydesk.support.AutomatedMessages}) on email
 * conversations, out by SMTP. The reply is queued in the transaction that wrote it (a
 * plain listener on {@link MessageAdded}, so the queue row commits or rolls back with the reply) and a job sends
 * what is due, retrying with growing pauses. Each row is claimed before sending, so two runs never send it twice;
 * a crash after the SMTP server took a mail but before the row was marked sends it again with the same Message-ID,
 * which mail clients show once.
 *
 * <p>Kept small and inside support on purpose: the messaging module's outbox for member notifications may take
 * it over later.
 */
@Component
public class MailOutbox {

    private static final Logger log = LoggerFactory.getLogger(MailOutbox.class);
    static final int BATCH = 50;
    private static final Duration CLAIM = Duration.ofMinutes(10);
    private static final Pattern REPLY_PREFIX = Pattern.compile("^((re|aw|fwd?|wg)\\s*:\\s*)+",
            Pattern.CASE_INSENSITIVE);

    private final JdbcClient jdbc;
    private final Members members;
    private final MailSigning signing;
    private final SupportMailProperties properties;
    private final ObjectProvider<JavaMailSender> mailSender;
    private final ObjectProvider<AutomatedMailBody> automatedBodies;
    private final Clock clock;

    MailOutbox(JdbcClient jdbc, Members members, MailSigning signing, SupportMailProperties properties,
            ObjectProvider<JavaMailSender> mailSender, ObjectProvider<AutomatedMailBody> automatedBodies, Clock clock) {
        this.automatedBodies = automatedBodies;
        this.jdbc = jdbc;
        this.members = members;
        this.signing = signing;
        this.properties = properties;
        this.mailSender = mailSender;
        this.clock = clock;
    }

    @EventListener
    void on(MessageAdded added) {
        var conversation = added.conversation();
        var kind = added.message().kind();
        if ((kind != Message.Kind.FROM_AGENT && kind != Message.Kind.AUTOMATED && kind != Message.Kind.FROM_ASSISTANT)
                || conversation.channel() != Conversation.Channel.EMAIL
                || !properties.outboundEnabled()) {
            return;
        }
        var to = conversation.contactEmail() != null ? conversation.contactEmail()
                : conversation.memberId() == null ? null
                : members.find(new MemberId(conversation.memberId())).flatMap(m -> m.email()).orElse(null);
        if (to == null) {
            return;
        }
        var earlier = jdbc.sql("select rfc_message_id, direction from support_emails where conversation_id = :c "
                        + "order by id")
                .param("c", conversation.id()).query((rs, row) -> new String[] {rs.getString(1), rs.getString(2)})
                .list();
        var inReplyTo = earlier.reversed().stream().filter(e -> e[1].equals("IN")).map(e -> e[0]).findFirst()
                .orElse(earlier.isEmpty() ? null : earlier.getLast()[0]);
        var references = earlier.stream().skip(Math.max(0, earlier.size() - 20)).map(e -> e[0]).toList();
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("""
                insert into support_emails (conversation_id, message_id, direction, rfc_message_id, in_reply_to,
                                            references_ids, from_address, to_addresses, subject, status,
                                            next_attempt_at, created_at)
                values (:conversation, :message, 'OUT', :rfc, :inReplyTo, :references, :from, :to, :subject, 'QUEUED',
                        :now, :now)
                """)
                .param("conversation", conversation.id()).param("message", added.message().id())
                .param("rfc", signing.messageId(conversation.id())).param("inReplyTo", inReplyTo)
                .param("references", String.join(" ", references)).param("from", properties.address().strip())
                .param("to", to).param("subject", subject(conversation)).param("now", Timestamp.from(now)).update();
    }

    /** Marks the queued mail of an automated message with what it is for; nothing when none was queued. */
    public void purpose(long messageId, String purpose) {
        jdbc.sql("update support_emails set purpose = :purpose where message_id = :message and direction = 'OUT'")
                .param("purpose", purpose).param("message", messageId).update();
    }

    /** "Re: " and the conversation's subject, with its [#id] token so a reply from the contact finds its way back. */
    static String subject(Conversation conversation) {
        var base = REPLY_PREFIX.matcher(conversation.subject()).replaceFirst("");
        var token = "[#" + conversation.id() + "]";
        return "Re: " + base + (base.contains(token) ? "" : " " + token);
    }

    private record Queued(long id, long conversationId, long messageId, String rfcMessageId, String inReplyTo,
            String references, String to, String subject, int attempts, String purpose) {
    }

    /** Sends what is due; answers how many went out. Does nothing while outbound mail is not configured. */
    public int sendDue() {
        var sender = mailSender.getIfAvailable();
        if (sender == null || !properties.outboundEnabled()) {
            return 0;
        }
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var due = jdbc.sql("select id from support_emails where status = 'QUEUED' and next_attempt_at <= :now "
                        + "order by next_attempt_at, id limit :limit")
                .param("now", Timestamp.from(now)).param("limit", BATCH).query(Long.class).list();
        int sent = 0;
        for (long id : due) {
            var claimed = jdbc.sql("""
                    update support_emails set next_attempt_at = :claim
                     where id = :id and status = 'QUEUED' and next_attempt_at <= :now
                    returning id, conversation_id, message_id, rfc_message_id, in_reply_to, references_ids,
                              to_addresses, subject, attempts, purpose
                    """)
                    .param("claim", Timestamp.from(now.plus(CLAIM))).param("id", id).param("now", Timestamp.from(now))
                    .query(MailOutbox::queued).optional();
            if (claimed.isEmpty()) {
                continue;
            }
            var mail = claimed.get();
            try {
                send(sender, mail);
                jdbc.sql("update support_emails set status = 'SENT', sent_at = :now, attempts = attempts + 1, "
                                + "next_attempt_at = null, last_error = null where id = :id")
                        .param("now", Timestamp.from(clock.instant())).param("id", id).update();
                sent++;
            } catch (MailException | MessagingException | UnsupportedEncodingException e) {
                failed(mail, e, now);
            }
        }
        return sent;
    }

    private void send(JavaMailSender sender, Queued mail) throws MessagingException, UnsupportedEncodingException {
        var stored = jdbc.sql("select body from conversation_messages where id = :id").param("id", mail.messageId())
                .query(String.class).single();
        // written now, so a signed link in it is never stored
        var body = mail.purpose() == null ? stored : automatedBodies.orderedStream()
                .filter(b -> mail.purpose().equals(b.purpose())).findFirst()
                .flatMap(b -> b.body(mail.conversationId())).orElse(stored);
        var mime = sender.createMimeMessage();
        var helper = new MimeMessageHelper(mime, false, "UTF-8");
        helper.setFrom(properties.address().strip(), properties.displayName());
        helper.setTo(mail.to());
        helper.setReplyTo(signing.replyAddress(mail.conversationId()));
        helper.setSubject(mail.subject());
        helper.setText(body, false);
        // JavaMailSenderImpl keeps a Message-ID that was set explicitly: ours is signed and the same on every retry
        mime.setHeader("Message-ID", mail.rfcMessageId());
        if (mail.inReplyTo() != null) {
            mime.setHeader("In-Reply-To", mail.inReplyTo());
        }
        if (!mail.references().isBlank()) {
            mime.setHeader("References", mail.references());
        }
        sender.send(mime);
    }

    private void failed(Queued mail, Exception e, Instant now) {
        int attempts = mail.attempts() + 1;
        boolean last = attempts >= properties.sendAttemptsMax();
        var pause = Duration.ofMinutes(Math.min(360, 1L << Math.min(attempts - 1, 20)));
        var reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        reason = reason.length() > 500 ? reason.substring(0, 500) : reason;
        jdbc.sql("update support_emails set status = :status, attempts = :attempts, next_attempt_at = :next, "
                        + "last_error = :error where id = :id")
                .param("status", last ? "FAILED" : "QUEUED").param("attempts", attempts)
                .param("next", last ? null : Timestamp.from(now.plus(pause))).param("error", reason)
                .param("id", mail.id()).update();
        log.warn("Support mail {} of conversation {} not sent (attempt {}{}): {}", mail.id(), mail.conversationId(),
                attempts, last ? ", giving up" : "", reason);
    }

    private static Queued queued(ResultSet rs, int row) throws SQLException {
        return new Queued(rs.getLong("id"), rs.getLong("conversation_id"), rs.getLong("message_id"),
                rs.getString("rfc_message_id"), rs.getString("in_reply_to"), rs.getString("references_ids"),
                rs.getString("to_addresses"), rs.getString("subject"), rs.getInt("attempts"), rs.getString("purpose"));
    }
}
