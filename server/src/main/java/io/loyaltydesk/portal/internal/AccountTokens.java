package io.loyaltydesk.portal.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Single-use, expiring tokens sent to members (links by email, codes by SMS). Only a SHA-256 hash is stored:
 * whoever reads the table cannot use a token. Issuing a new token of a purpose retires the member's earlier ones.
 */
@Repository
class AccountTokens {

    enum Purpose { VERIFY_EMAIL, RESET_PASSWORD, CHANGE_EMAIL, CHANGE_PHONE }

    /** Wrong codes a phone token takes before it is retired. */
    static final int CODE_ATTEMPTS_MAX = 5;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;

    AccountTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    record Token(long memberId, long id, Purpose purpose, String newValue) {
    }

    /** A new link token (32 random bytes, URL-safe) for the member; returns the token itself, never stored. */
    String issueLink(long memberId, Purpose purpose, String newValue, Duration validity) {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        var token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        insert(memberId, purpose, hash(token), newValue, validity);
        return token;
    }

    /** A new six-digit code; hashed with the member id, since a code alone is easy to guess. */
    String issueCode(long memberId, Purpose purpose, String newValue, Duration validity) {
        var code = String.format("%06d", RANDOM.nextInt(1_000_000));
        insert(memberId, purpose, hash(memberId + ":" + code), newValue, validity);
        return code;
    }

    private void insert(long memberId, Purpose purpose, String hash, String newValue, Duration validity) {
        var now = clock.instant();
        retire(memberId, purpose);
        jdbc.sql("""
                insert into member_login_tokens (member_id, purpose, token_hash, new_value, expires_at, created_at)
                values (:member, :purpose, :hash, :value, :expires, :now)
                """)
                .param("member", memberId).param("purpose", purpose.name()).param("hash", hash)
                .param("value", newValue).param("expires", Timestamp.from(now.plus(validity)))
                .param("now", Timestamp.from(now))
                .update();
    }

    /** The token if it is unused and unexpired, without using it (to show a form). */
    Optional<Token> peek(Purpose purpose, String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select member_id, id, purpose, new_value from member_login_tokens
                 where token_hash = :hash and purpose = :purpose and used_at is null and expires_at > :now
                """)
                .param("hash", hash(token)).param("purpose", purpose.name())
                .param("now", Timestamp.from(clock.instant()))
                .query((rs, n) -> new Token(rs.getLong("member_id"), rs.getLong("id"),
                        Purpose.valueOf(rs.getString("purpose")), rs.getString("new_value")))
                .optional();
    }

    /** Uses a link token: only one caller ever gets it (the update is guarded). */
    Optional<Token> use(Purpose purpose, String token) {
        return peek(purpose, token).filter(t -> markUsed(t.memberId(), t.id()));
    }

    /**
     * Uses the member's current code if {@code code} matches; a wrong code counts against it, and the
     * {@link #CODE_ATTEMPTS_MAX}th wrong one retires it.
     */
    Optional<Token> useCode(long memberId, Purpose purpose, String code) {
        var now = Timestamp.from(clock.instant());
        var current = jdbc.sql("""
                select id, token_hash, new_value from member_login_tokens
                 where member_id = :member and purpose = :purpose and used_at is null and expires_at > :now
                 order by id desc limit 1 for update
                """)
                .param("member", memberId).param("purpose", purpose.name()).param("now", now)
                .query((rs, n) -> new Object[] {rs.getLong("id"), rs.getString("token_hash"), rs.getString("new_value")})
                .optional();
        if (current.isEmpty()) {
            return Optional.empty();
        }
        long id = (Long) current.get()[0];
        var given = hash(memberId + ":" + (code == null ? "" : code.strip()));
        if (MessageDigest.isEqual(given.getBytes(StandardCharsets.US_ASCII),
                ((String) current.get()[1]).getBytes(StandardCharsets.US_ASCII)) && markUsed(memberId, id)) {
            return Optional.of(new Token(memberId, id, purpose, (String) current.get()[2]));
        }
        jdbc.sql("""
                update member_login_tokens set attempts = attempts + 1,
                       used_at = case when attempts + 1 >= :max then :now else used_at end
                 where member_id = :member and id = :id
                """)
                .param("max", CODE_ATTEMPTS_MAX).param("now", now).param("member", memberId).param("id", id)
                .update();
        return Optional.empty();
    }

    /** What the member is waiting to confirm (e.g. the new phone number a code was sent to). */
    Optional<String> pendingValue(long memberId, Purpose purpose) {
        return jdbc.sql("""
                select new_value from member_login_tokens
                 where member_id = :member and purpose = :purpose and used_at is null and expires_at > :now
                 order by id desc limit 1
                """)
                .param("member", memberId).param("purpose", purpose.name())
                .param("now", Timestamp.from(clock.instant()))
                .query(String.class).optional();
    }

    void retire(long memberId, Purpose purpose) {
        jdbc.sql("update member_login_tokens set used_at = :now "
                        + "where member_id = :member and purpose = :purpose and used_at is null")
                .param("now", Timestamp.from(clock.instant())).param("member", memberId)
                .param("purpose", purpose.name()).update();
    }

    void deleteOf(long memberId) {
        jdbc.sql("delete from member_login_tokens where member_id = :member").param("member", memberId).update();
    }

    private boolean markUsed(long memberId, long id) {
        return jdbc.sql("update member_login_tokens set used_at = :now "
                        + "where member_id = :member and id = :id and used_at is null")
                .param("now", Timestamp.from(clock.instant())).param("member", memberId).param("id", id)
                .update() == 1;
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Instant now() {
        return clock.instant();
    }
}
