package io.loyaltydesk.surveys.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signed survey tokens: {@code <kind>.<id>.<member>.<expiry>.<HMAC-SHA256>}. Nothing is stored per link; a token
 * is valid when its signature matches under this installation's key and its expiry has not passed, so a member can
 * answer from an email without logging in while nobody can make a link for another conversation or member. The key
 * comes from {@code loyaltydesk.surveys.signing-key} or, when that is blank, is generated once into the database so
 * that every node signs and checks alike.
 */
@Component
public class SurveyLinks {

    public enum Kind { CSAT, NPS }

    /** What a valid token stands for. */
    public record Claim(Kind kind, long subjectId, long memberId, Instant expiresAt) {
    }

    private static final Pattern TOKEN = Pattern.compile("(csat|nps)\\.(\\d{1,18})\\.(\\d{1,18})\\.(\\d{1,12})\\.([A-Za-z0-9_-]{43})");

    private final JdbcClient jdbc;
    private final SurveysProperties properties;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;
    private volatile byte[] key;

    SurveyLinks(JdbcClient jdbc, SurveysProperties properties, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions);
        // the key may first be needed inside a read-only transaction
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public String sign(Kind kind, long subjectId, long memberId, Instant expiresAt) {
        var payload = kind.name().toLowerCase(java.util.Locale.ROOT) + "." + subjectId + "." + memberId + "."
                + expiresAt.getEpochSecond();
        return payload + "." + mac(payload);
    }

    /** The claim of a genuine, unexpired token; refused with a reason a member can read otherwise. */
    public Claim verify(String token) {
        var m = token == null ? null : TOKEN.matcher(token.strip());
        if (m == null || !m.matches()) {
            throw invalid();
        }
        var payload = m.group(1) + "." + m.group(2) + "." + m.group(3) + "." + m.group(4);
        if (!MessageDigest.isEqual(mac(payload).getBytes(StandardCharsets.US_ASCII),
                m.group(5).getBytes(StandardCharsets.US_ASCII))) {
            throw invalid();
        }
        var expiresAt = Instant.ofEpochSecond(Long.parseLong(m.group(4)));
        if (!clock.instant().isBefore(expiresAt)) {
            throw new CommandRefusedException.RuleViolated("survey-link-expired",
                    "This survey link has expired. Thank you all the same!");
        }
        return new Claim(Kind.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)), expiresAt);
    }

    private static CommandRefusedException invalid() {
        return new CommandRefusedException.RuleViolated("survey-link-invalid",
                "This survey link is not valid. Please use the link exactly as we sent it.");
    }

    private String mac(String payload) {
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
        var k = key;
        if (k == null) {
            if (properties.signingKey() != null && !properties.signingKey().isBlank()) {
                k = properties.signingKey().getBytes(StandardCharsets.UTF_8);
            } else {
                var fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                // the first node to get here decides the key; the others read it
                k = ownTransaction.execute(status -> {
                    jdbc.sql("insert into survey_keys (id, secret, created_at) values (1, :secret, :now) "
                                    + "on conflict (id) do nothing")
                            .param("secret", fresh).param("now", Timestamp.from(clock.instant())).update();
                    return jdbc.sql("select secret from survey_keys where id = 1").query(byte[].class).single();
                });
            }
            key = k;
        }
        return k;
    }
}
