package io.loyaltydesk.support.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of provider webhooks, both ways: {@code X-Signature: sha256=<hex HMAC-SHA256 of
 * "<timestamp>.<raw body>">} with {@code X-Signature-Timestamp: <epoch seconds>}. Signing the timestamp with the
 * body lets the receiver refuse a captured request replayed later; signing the raw bytes (not re-serialised JSON)
 * makes the check independent of how either side formats JSON.
 */
final class ProviderSignatures {

    static final String SIGNATURE_HEADER = "X-Signature";
    static final String TIMESTAMP_HEADER = "X-Signature-Timestamp";

    private ProviderSignatures() {
    }

    static String sign(String secret, long timestamp, byte[] body) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Why a request is refused, or null when its signature is right and its timestamp inside the window. */
    static String refusal(String secret, String timestampHeader, String signatureHeader, byte[] body, Instant now,
            Duration window) {
        if (timestampHeader == null || signatureHeader == null) {
            return "missing " + TIMESTAMP_HEADER + " or " + SIGNATURE_HEADER;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            return TIMESTAMP_HEADER + " is not epoch seconds";
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > window.toSeconds()) {
            return "timestamp outside the replay window";
        }
        var expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signatureHeader.strip().getBytes(StandardCharsets.US_ASCII))) {
            return "signature does not match";
        }
        return null;
    }
}
