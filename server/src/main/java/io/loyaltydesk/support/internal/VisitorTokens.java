package io.loyaltydesk.support.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Visitor tokens of the chat widget: {@code v1.<conversation id>.<expiry, epoch seconds>.<HMAC-SHA256>}, so any
 * node can check one without a lookup, and nothing about them is stored. The key is
 * {@code loyaltydesk.support.widget.token-secret}, or one generated once and kept in the database for all nodes.
 */
@Component
class VisitorTokens {

    private static final String SECRET_NAME = "widget-visitor-token";

    private final WidgetProperties properties;
    private final JdbcClient jdbc;
    private final Clock clock;
    private volatile byte[] key;

    VisitorTokens(WidgetProperties properties, JdbcClient jdbc, Clock clock) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    String issue(long conversationId) {
        long expires = clock.instant().plus(properties.tokenTtl()).getEpochSecond();
        var payload = "v1." + conversationId + "." + expires;
        return payload + "." + sign(payload);
    }

    /** The conversation the token is for, when it is well-formed, correctly signed and not expired. */
    Optional<Long> verify(String token) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        var parts = token.split("\\.");
        if (parts.length != 4 || !"v1".equals(parts[0])) {
            return Optional.empty();
        }
        var payload = parts[0] + "." + parts[1] + "." + parts[2];
        if (!MessageDigest.isEqual(sign(payload).getBytes(StandardCharsets.US_ASCII),
                parts[3].getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        try {
            long conversationId = Long.parseLong(parts[1]);
            long expires = Long.parseLong(parts[2]);
            return Instant.ofEpochSecond(expires).isAfter(clock.instant()) ? Optional.of(conversationId)
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private String sign(String payload) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private byte[] key() {
        var known = key;
        if (known != null) {
            return known;
        }
        if (properties.tokenSecret() != null && !properties.tokenSecret().isBlank()) {
            known = properties.tokenSecret().getBytes(StandardCharsets.UTF_8);
        } else {
            var generated = new byte[32];
            new SecureRandom().nextBytes(generated);
            // the first node to get here wins; every node then reads the same key
            jdbc.sql("""
                    insert into support_secrets (name, secret, created_at) values (:name, :secret, :now)
                    on conflict (name) do nothing
                    """).param("name", SECRET_NAME).param("secret", generated)
                    .param("now", Timestamp.from(clock.instant())).update();
            known = jdbc.sql("select secret from support_secrets where name = :name").param("name", SECRET_NAME)
                    .query(byte[].class).single();
        }
        key = known;
        return known;
    }
}
