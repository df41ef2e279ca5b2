package io.loyaltydesk.messaging.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of outgoing messages, bound from {@code loyaltydesk.messaging.*}. The SMTP server itself is Spring's
 * {@code spring.mail.*}.
 *
 * @param from the sender of emails, e.g. {@code "Coffee Club <club@example.com>"}
 * @param publicUrl the address members reach the server at, for links in messages (e.g.
 *        {@code https://club.example.com}); blank: this server on localhost (development only; set it in production)
 * @param sms the SMS provider
 * @param outbox delivery of queued messages
 * @param triggerMaxAge what happened longer ago than this (a purchase, a tier change, an enrolment carried over
 *        from an earlier program or imported in bulk) is not announced to the member
 */
@ConfigurationProperties("loyaltydesk.messaging")
public record MessagingProperties(
        @DefaultValue("Loyalty Desk <no-reply@localhost>") String from,
        String publicUrl,
        @DefaultValue Sms sms,
        @DefaultValue Outbox outbox,
        @DefaultValue("7d") Duration triggerMaxAge) {

    /**
     * One generic HTTP provider: a JSON POST {@code {"to": "+49...", "from": sender, "text": "..."}} to {@code url}
     * with {@code Authorization: Bearer token}; any 2xx answer counts as accepted.
     */
    public record Sms(String url, String token, @DefaultValue("LoyaltyDesk") String sender,
            @DefaultValue("10s") Duration timeout) {

        public boolean configured() {
            return url != null && !url.isBlank();
        }
    }

    /**
     * @param batchSize messages sent per run of the job
     * @param attemptsMax attempts before a message is given up as FAILED
     * @param backoffFirst the wait after the first failed attempt; doubles with each further failure
     * @param backoffMax the longest wait between attempts
     */
    public record Outbox(@DefaultValue("50") int batchSize, @DefaultValue("8") int attemptsMax,
            @DefaultValue("1m") Duration backoffFirst, @DefaultValue("6h") Duration backoffMax) {
    }
}
