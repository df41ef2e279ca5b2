package io.loyaltydesk.support.internal;

import io.loyaltydesk.support.InboundEmail;
import io.loyaltydesk.web.Problems;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The inbound-mail webhook, for mail providers that post incoming mail instead of keeping a mailbox: the raw RFC 822
 * message as the body, signed with {@code X-LoyaltyDesk-Signature: sha256=<hex HMAC-SHA256 of the body with the
 * shared secret>}. A missing or wrong signature is refused before the mail is read.
 */
@RestController
@Hidden
class MailWebhook {

    static final String PATH = "/webhooks/mail/inbound";
    static final String SIGNATURE = "X-LoyaltyDesk-Signature";

    private final InboundEmail inbound;
    private final SupportMailProperties properties;

    MailWebhook(InboundEmail inbound, SupportMailProperties properties) {
        this.inbound = inbound;
        this.properties = properties;
    }

    record Taken(InboundEmail.Outcome outcome, Long conversationId) {
    }

    // public on purpose: the caller is the mail provider, and the HMAC signature is its authentication
    @PostMapping(PATH)
    @PreAuthorize("permitAll()")
    ResponseEntity<?> receive(@RequestHeader(name = SIGNATURE, required = false) String signature,
            HttpServletRequest request) throws IOException {
        if (!properties.webhookEnabled()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND, "not-found",
                    "The inbound-mail webhook is not configured"));
        }
        // read no more than the limit allows, whatever the sender claims: a huge post must not fill the memory
        long max = properties.messageSizeMax().toBytes();
        var body = RequestBodies.atMost(request, max);
        if (body.length > max) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(Problems.of(HttpStatus.CONTENT_TOO_LARGE,
                    "too-large", "The mail is larger than " + properties.messageSizeMax().toMegabytes() + " MB"));
        }
        if (!valid(signature, body)) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Problems.of(HttpStatus.UNAUTHORIZED,
                    "bad-signature", "Sign the raw body with HMAC-SHA256 and the shared secret and send it as '"
                            + SIGNATURE + ": sha256=<hex>'"));
        }
        var received = inbound.receive(body);
        return ResponseEntity.ok(new Taken(received.outcome(), received.conversationId()));
    }

    private boolean valid(String signature, byte[] body) {
        if (signature == null) {
            return false;
        }
        var given = signature.strip().toLowerCase(Locale.ROOT);
        if (given.startsWith("sha256=")) {
            given = given.substring(7);
        }
        var expected = HexFormat.of().formatHex(MailSigning.hmac(
                properties.webhookSecret().getBytes(StandardCharsets.UTF_8), body));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }
}
