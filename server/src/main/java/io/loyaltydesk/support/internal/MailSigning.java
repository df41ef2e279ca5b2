package io.loyaltydesk.support.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Our Message-IDs and reply addresses name the conversation and carry an HMAC of its id, so a reply to one of our
 * mails finds its conversation, and nobody can make up a reference that attaches their mail to someone else's
 * thread. The key is made once per database (migration V83), so every node signs and checks alike.
 */
@Component
class MailSigning {

    private static final Pattern MESSAGE_ID = Pattern.compile("<?ld\\.(\\d{1,18})\\.[0-9a-z]{1,32}\\.([0-9a-f]{24})@[^>\\s]+>?");
    private static final Pattern REPLY_ADDRESS = Pattern.compile("[^+@\\s]+\\+c(\\d{1,18})-([0-9a-f]{24})@[^@\\s]+");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final SupportMailProperties properties;
    private volatile byte[] key;

    MailSigning(JdbcClient jdbc, SupportMailProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** A new Message-ID for a mail of the conversation: {@code <ld.<conversation>.<random>.<signature>@domain>}. */
    String messageId(long conversationId) {
        var nonce = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
        return "<ld." + conversationId + "." + nonce + "." + signature(conversationId) + "@" + properties.domain()
                + ">";
    }

    /** The address a member's reply goes to: the support address plus-addressed with the signed conversation. */
    String replyAddress(long conversationId) {
        var address = properties.address().strip();
        int at = address.indexOf('@');
        return address.substring(0, at) + "+c" + conversationId + "-" + signature(conversationId)
                + address.substring(at);
    }

    /** The conversation a Message-ID of ours names, when its signature holds. */
    Optional<Long> conversationOfMessageId(String messageId) {
        if (messageId == null) {
            return Optional.empty();
        }
        var matcher = MESSAGE_ID.matcher(messageId.strip());
        return matcher.matches() ? verified(matcher.group(1), matcher.group(2)) : Optional.empty();
    }

    /** The conversation a plus-addressed recipient of ours names, when its signature holds. */
    Optional<Long> conversationOfAddress(String address) {
        if (address == null) {
            return Optional.empty();
        }
        var matcher = REPLY_ADDRESS.matcher(address.strip().toLowerCase(Locale.ROOT));
        return matcher.matches() ? verified(matcher.group(1), matcher.group(2)) : Optional.empty();
    }

    private Optional<Long> verified(String id, String signature) {
        long conversationId;
        try {
            conversationId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        boolean valid = MessageDigest.isEqual(signature(conversationId).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
        return valid ? Optional.of(conversationId) : Optional.empty();
    }

    String signature(long conversationId) {
        return HexFormat.of().formatHex(hmac(key(), "conversation:" + conversationId), 0, 12);
    }

    /** HMAC-SHA256 of a text with a key; also what the inbound webhook's signature is. */
    static byte[] hmac(byte[] key, String text) {
        return hmac(key, text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private byte[] key() {
        var known = key;
        if (known == null) {
            known = jdbc.sql("select secret from support_mail_keys where id = 1").query(String.class).single()
                    .getBytes(StandardCharsets.US_ASCII);
            key = known;
        }
        return known;
    }
}
