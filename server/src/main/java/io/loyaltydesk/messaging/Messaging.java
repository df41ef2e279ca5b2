package io.loyaltydesk.messaging;

import io.loyaltydesk.members.Channel;
import io.loyaltydesk.members.MemberChanges;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.messaging.internal.Deliveries;
import io.loyaltydesk.messaging.internal.MessageTemplates;
import io.loyaltydesk.messaging.internal.MessagingProperties;
import io.loyaltydesk.messaging.internal.OutboxStore;
import io.loyaltydesk.staff.Actor;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sends messages to members. {@link #email} and {@link #sms} only queue: they write the rendered message to the
 * outbox in the caller's transaction (so a message goes out exactly when what caused it commits, and survives a
 * restart), and {@link #deliverDue} hands due messages to the SMTP server or the SMS provider, retrying with
 * growing back-off. A channel without settings (no SMTP server, no SMS provider) is not attempted: its messages
 * wait until it is configured. Consent is the caller's business for transactional messages (a verification link is sent
 * whatever the marketing consent); triggered messages check it here.
 */
@Service
public class Messaging {

    private static final Logger log = LoggerFactory.getLogger(Messaging.class);
    static final String FALLBACK_PROGRAM_NAME = "Loyalty Desk";
    private static final int ERROR_LENGTH_MAX = 500;
    private final java.util.concurrent.atomic.AtomicBoolean unconfiguredLogged =
            new java.util.concurrent.atomic.AtomicBoolean();

    private final OutboxStore outbox;
    private final MessageTemplates templates;
    private final Deliveries deliveries;
    private final MessagingProperties properties;
    private final ObjectProvider<MessageBranding> branding;
    private final Members members;
    private final Clock clock;
    private final Environment environment;

    Messaging(OutboxStore outbox, MessageTemplates templates, Deliveries deliveries, MessagingProperties properties,
            ObjectProvider<MessageBranding> branding, Members members, Clock clock, Environment environment) {
        this.environment = environment;
        this.outbox = outbox;
        this.templates = templates;
        this.deliveries = deliveries;
        this.properties = properties;
        this.branding = branding;
        this.members = members;
        this.clock = clock;
    }

    /**
     * Queues an email rendered from {@code templates/messaging/<template>.txt|.html}. The model gets
     * {@code programName} and, when {@code unsubscribable} and the message is about a member,
     * {@code unsubscribeUrl}. Returns the outbox id.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long email(Long memberId, String to, String template, String language, Map<String, Object> model,
            boolean unsubscribable, Object... subjectArgs) {
        return emails(List.of(new Email(memberId, to, template, language, model, unsubscribable, subjectArgs)))
                .getFirst();
    }

    /** An email for {@link #emails}: what {@link #email} takes. */
    public record Email(Long memberId, String to, String template, String language, Map<String, Object> model,
            boolean unsubscribable, Object[] subjectArgs) {
    }

    /**
     * {@link #email} for many emails (the notices of a batch of purchases): the signing key of the unsubscribe
     * links is read once and the outbox written in one statement. Returns the outbox ids in the order given.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Long> emails(List<Email> emails) {
        var programName = programName();
        String key = null;
        var messages = new ArrayList<OutboxStore.NewMessage>(emails.size());
        for (var email : emails) {
            var locale = MessageTemplates.locale(email.language());
            var values = new HashMap<>(email.model());
            values.put("programName", programName);
            String unsubscribeUrl = null;
            if (email.unsubscribable() && email.memberId() != null) {
                key = key == null ? outbox.signingKey() : key;
                unsubscribeUrl = link("/portal/unsubscribe?t=" + unsubscribeToken(email.memberId(), key));
                values.put("unsubscribeUrl", unsubscribeUrl);
            }
            var args = new Object[email.subjectArgs().length + 1];
            args[0] = programName;
            System.arraycopy(email.subjectArgs(), 0, args, 1, email.subjectArgs().length);
            var rendered = templates.email(email.template(), locale, values, args);
            messages.add(new OutboxStore.NewMessage(email.memberId(), OutgoingMessage.Channel.EMAIL,
                    email.template(), email.to(), rendered.subject(), rendered.text(), rendered.html(),
                    unsubscribeUrl));
        }
        return outbox.insertAll(messages, clock.instant());
    }

    /** Queues an SMS rendered from {@code templates/messaging/<template>.txt}. Returns the outbox id. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long sms(Long memberId, String phone, String template, String language, Map<String, Object> model) {
        var values = new HashMap<>(model);
        values.put("programName", programName());
        var text = templates.text(template, MessageTemplates.locale(language), values);
        return outbox.insert(new OutboxStore.NewMessage(memberId, OutgoingMessage.Channel.SMS, template, phone, null,
                text, null, null), clock.instant());
    }

    /**
     * The absolute address of a path of this server, for links in messages: {@code loyaltydesk.messaging.public-url},
     * or this server on localhost when it is not set (a development machine). Never the address a request came in
     * on: its Host header is the sender's to choose, and a password-reset link must not point at someone else's
     * host.
     */
    public String link(String path) {
        var base = properties.publicUrl();
        if (base == null || base.isBlank()) {
            base = "http://localhost:" + environment.getProperty("local.server.port",
                    environment.getProperty("server.port", "8080"));
        }
        return base.replaceAll("/+$", "") + path;
    }

    public String programName() {
        var brand = branding.getIfAvailable();
        return brand == null ? FALLBACK_PROGRAM_NAME : brand.programName();
    }

    /**
     * Sends up to {@code max} due messages. Each is marked SENT, or gets its next attempt after a back-off that
     * doubles (from {@code backoff-first} up to {@code backoff-max}); after {@code attempts-max} attempts it is
     * FAILED and stays in the outbox for an operator to see. Returns how many were sent.
     */
    @Transactional
    public int deliverDue(int max) {
        var now = clock.instant();
        var ready = deliveries.ready();
        if (ready.size() < 2 && unconfiguredLogged.compareAndSet(false, true)) {
            log.warn("Messages wait in the outbox for channels without settings: {} (set spring.mail.host for email, "
                    + "loyaltydesk.messaging.sms.url for SMS)",
                    java.util.stream.Stream.of("EMAIL", "SMS").filter(c -> !ready.contains(c)).toList());
        }
        int sent = 0;
        for (var due : outbox.lockDue(now, ready, max)) {
            try {
                switch (due.channel()) {
                    case EMAIL -> deliveries.email(due.recipient(), due.subject(), due.bodyText(), due.bodyHtml(),
                            due.unsubscribeUrl());
                    case SMS -> deliveries.sms(due.recipient(), due.bodyText());
                }
                outbox.sent(due.id(), now);
                sent++;
            } catch (Deliveries.DeliveryFailed e) {
                int attempts = due.attempts() + 1;
                boolean givenUp = attempts >= properties.outbox().attemptsMax();
                var error = e.getMessage() == null ? "failed" : e.getMessage();
                outbox.failed(due.id(), error.substring(0, Math.min(error.length(), ERROR_LENGTH_MAX)),
                        now.plus(backoff(attempts)), givenUp);
                log.warn("Message {} ({}) not delivered, attempt {}{}: {}", due.id(), due.channel(), attempts,
                        givenUp ? ", given up" : "", error);
            }
        }
        return sent;
    }

    /** The wait after the {@code attempts}-th failure. */
    Duration backoff(int attempts) {
        var first = properties.outbox().backoffFirst();
        var max = properties.outbox().backoffMax();
        var wait = first.multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(max) > 0 ? max : wait;
    }

    /** The newest outbox messages, of one member or of all (null). */
    @Transactional(readOnly = true)
    public List<OutgoingMessage> outbox(Long memberId, int limit) {
        return outbox.recent(memberId, limit);
    }

    @Transactional(readOnly = true)
    public long outboxCount(OutgoingMessage.Status status) {
        return outbox.countByStatus(status);
    }

    // ---- unsubscribe links

    /** A token for the unsubscribe link of a member's emails: the member id, signed. It does not expire. */
    public String unsubscribeToken(long memberId) {
        return unsubscribeToken(memberId, outbox.signingKey());
    }

    private static String unsubscribeToken(long memberId, String key) {
        return memberId + "." + signature(memberId, key);
    }

    /** The member an unsubscribe token was made for, if its signature holds. */
    public Optional<MemberId> unsubscribeMember(String token) {
        if (token == null || !token.matches("\\d{1,18}\\.[A-Za-z0-9_-]{20,64}")) {
            return Optional.empty();
        }
        var dot = token.indexOf('.');
        long memberId = Long.parseLong(token.substring(0, dot));
        var expected = signature(memberId).getBytes(StandardCharsets.US_ASCII);
        var given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Optional.of(new MemberId(memberId)) : Optional.empty();
    }

    /** Withdraws the email consent of the member the token was made for; false when the token is not valid. */
    @Transactional
    public boolean unsubscribe(String token, String remoteAddr) {
        var memberId = unsubscribeMember(token);
        if (memberId.isEmpty()) {
            return false;
        }
        var member = members.find(memberId.get());
        if (member.isEmpty() || member.get().erased()) {
            return true;
        }
        if (member.get().consented(Channel.EMAIL)) {
            var actor = new Actor(Actor.Type.MEMBER, String.valueOf(memberId.get().value()), "unsubscribe link", remoteAddr);
            Actor.callAs(actor, () -> members.update(memberId.get(), new MemberChanges(
                    Map.of("consents", Map.of("EMAIL", false)), "unsubscribe link in an email", "unsubscribe")));
        }
        return true;
    }

    private String signature(long memberId) {
        return signature(memberId, outbox.signingKey());
    }

    private static String signature(long memberId, String key) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            var bytes = mac.doFinal(("unsubscribe:" + memberId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).substring(0, 32);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }


}
