package io.loyaltydesk.support.internal;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The email channel of the desk ({@code loyaltydesk.support.mail.*}). Outbound mail goes through Spring Boot's
 * {@code spring.mail.*} SMTP settings; everything else is here.
 *
 * @param address the support address members write to; our replies come from it, and its domain signs our
 *        Message-IDs. Blank: no mail is sent (replies stay in the desk only)
 * @param displayName the name shown with the address
 * @param imap the mailbox polled for incoming mail; off while its host is blank
 * @param webhookSecret the shared secret of the inbound-mail webhook; blank turns the webhook off
 * @param messageSizeMax the largest whole mail taken in
 * @param attachmentSizeMax the largest single attachment kept; larger ones are listed as refused
 * @param attachmentTypes the content types kept; others are listed as refused
 * @param sendAttemptsMax how often a reply is tried before it is marked as failed
 */
@ConfigurationProperties("loyaltydesk.support.mail")
public record SupportMailProperties(
        String address,
        @DefaultValue("Loyalty Desk support") String displayName,
        @DefaultValue Imap imap,
        String webhookSecret,
        @DefaultValue("25MB") DataSize messageSizeMax,
        @DefaultValue("10MB") DataSize attachmentSizeMax,
        @DefaultValue({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain",
                "text/csv"}) List<String> attachmentTypes,
        @DefaultValue("8") int sendAttemptsMax) {

    /**
     * @param host the IMAP server; blank turns polling off
     * @param tls IMAPS (implicit TLS, usually port 993); false is plain IMAP, for tests and local relays only
     * @param folder the folder read; mails are marked as seen once they are in the desk
     * @param pollInterval the pause between two polls
     * @param messagesPerPollMax how many new mails one poll takes at most
     */
    public record Imap(String host, @DefaultValue("993") int port, String username, String password,
            @DefaultValue("true") boolean tls, @DefaultValue("INBOX") String folder,
            @DefaultValue("60s") Duration pollInterval, @DefaultValue("50") int messagesPerPollMax) {

        public boolean enabled() {
            return host != null && !host.isBlank();
        }
    }

    public SupportMailProperties {
        if (address != null && !address.isBlank() && !address.strip().matches("[^@\\s<>+]+@[^@\\s<>]+\\.[^@\\s<>]+")) {
            throw new IllegalArgumentException("loyaltydesk.support.mail.address must be a plain address such as "
                    + "support@shop.example (no display name, no +tag), not '" + address + "'");
        }
    }

    public boolean outboundEnabled() {
        return address != null && !address.isBlank();
    }

    public boolean webhookEnabled() {
        return webhookSecret != null && !webhookSecret.isBlank();
    }

    /** The part after the @, which our Message-IDs carry. */
    String domain() {
        return outboundEnabled() ? address.substring(address.indexOf('@') + 1).strip() : "loyaltydesk.invalid";
    }

    boolean typeAllowed(String contentType) {
        return attachmentTypes.stream().anyMatch(t -> t.equalsIgnoreCase(contentType));
    }
}
