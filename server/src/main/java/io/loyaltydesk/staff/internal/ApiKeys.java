package io.loyaltydesk.staff.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.staff.Scope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API keys for integrations. A key is {@code ldk_} + 8 lookup characters + {@code _} + 40 secret
 * characters; only its SHA-256 hash is stored (the secret has 238 bits of entropy, so a slow password
 * hash would add latency to every API call and no safety). The full key is shown once, at creation.
 */
@Service
public class ApiKeys {

    static final int PREFIX_LENGTH = 12;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiKeys(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    public record ApiKey(long id, String name, String prefix, Set<Scope> scopes, String createdBy, Instant createdAt,
            Instant lastUsedAt, Instant revokedAt, String revokedBy) {

        public boolean active() {
            return revokedAt == null;
        }

        Map<String, Object> auditState() {
            var state = new LinkedHashMap<String, Object>();
            state.put("name", name);
            state.put("prefix", prefix);
            state.put("scopes", scopes.stream().map(Scope::value).toList());
            state.put("revoked", revokedAt != null);
            return state;
        }
    }

    /** A freshly created key with its secret, which is never shown again. */
    public record CreatedKey(ApiKey key, String secret) {
    }

    @Transactional
    public CreatedKey create(String name, Set<Scope> scopes, String createdBy) {
        return create(name, scopes, createdBy, generate());
    }

    /** Creates a key with a given secret (the bootstrap key from configuration). */
    @Transactional
    public CreatedKey create(String name, Set<Scope> scopes, String createdBy, String secret) {
        var problems = new ArrayList<FieldProblem>();
        if (name == null || name.isBlank() || name.length() > 100) {
            problems.add(new FieldProblem("name", "is required (at most 100 characters)"));
        }
        if (scopes == null || scopes.isEmpty()) {
            problems.add(new FieldProblem("scopes", "choose at least one scope"));
        }
        if (secret.length() < 24) {
            problems.add(new FieldProblem("secret", "an API key needs at least 24 characters"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var prefix = secret.substring(0, PREFIX_LENGTH);
        if (jdbc.sql("select exists(select 1 from api_keys where prefix = :p)").param("p", prefix)
                .query(Boolean.class).single()) {
            throw new CommandRefusedException.Conflict("api-key-prefix-taken", "An API key with this prefix exists");
        }
        long id = jdbc.sql("""
                insert into api_keys (name, prefix, secret_hash, scopes, created_by, created_at)
                values (:name, :prefix, :hash, :scopes, :by, :now) returning id
                """)
                .param("name", name.strip()).param("prefix", prefix).param("hash", sha256(secret))
                .param("scopes", scopes.stream().map(Scope::value).sorted().toArray(String[]::new))
                .param("by", createdBy).param("now", Timestamp.from(clock.instant()))
                .query(Long.class).single();
        var key = byId(id).orElseThrow();
        audit.record("api-key.created", "api-key", id, null, key.auditState(), null);
        return new CreatedKey(key, secret);
    }

    @Transactional
    public void revoke(long id, String revokedBy, String reason) {
        var before = byId(id).orElseThrow(() -> new CommandRefusedException.NotFound("API key", id));
        if (reason == null || reason.isBlank()) {
            throw new CommandRefusedException.InvalidInput("reason", "is required");
        }
        if (!before.active()) {
            return;
        }
        jdbc.sql("update api_keys set revoked_at = :now, revoked_by = :by where id = :id")
                .param("now", Timestamp.from(clock.instant())).param("by", revokedBy).param("id", id).update();
        authenticated.values().removeIf(known -> known.principal().id() == id);
        audit.record("api-key.revoked", "api-key", id, before.auditState(), byId(id).orElseThrow().auditState(), reason);
    }

    @Transactional(readOnly = true)
    public List<ApiKey> all() {
        return jdbc.sql("select * from api_keys order by revoked_at nulls first, id desc").query(this::key).list();
    }

    @Transactional(readOnly = true)
    public Optional<ApiKey> byId(long id) {
        return jdbc.sql("select * from api_keys where id = :id").param("id", id).query(this::key).optional();
    }

    @Transactional(readOnly = true)
    public boolean any() {
        return jdbc.sql("select exists(select 1 from api_keys)").query(Boolean.class).single();
    }

    /**
     * The principal for a presented key, when it exists, matches and is not revoked. Notes the use. A key that
     * authenticated is remembered for {@link #AUTHENTICATED_FRESH} on this node, so most API calls cost no
     * query for it; a revocation on this node takes effect at once, on other nodes within that time.
     * No transaction: one read, and at most one update a minute.
     */
    public Optional<ApiKeyPrincipal> authenticate(String presented) {
        if (presented == null || presented.length() < 24) {
            return Optional.empty();
        }
        var hash = sha256(presented);
        var cacheKey = java.util.HexFormat.of().formatHex(hash);
        var known = authenticated.get(cacheKey);
        if (known != null && known.checkedAt().plus(AUTHENTICATED_FRESH).isAfter(java.time.Instant.now())) {
            return Optional.of(known.principal());
        }
        var principal = lookUp(presented, hash);
        if (principal.isPresent()) {
            if (authenticated.size() > 10_000) {
                authenticated.clear();
            }
            authenticated.put(cacheKey, new Authenticated(principal.get(), java.time.Instant.now()));
        } else {
            authenticated.remove(cacheKey);
        }
        return principal;
    }

    static final java.time.Duration AUTHENTICATED_FRESH = java.time.Duration.ofSeconds(10);

    private record Authenticated(ApiKeyPrincipal principal, java.time.Instant checkedAt) {
    }

    private final java.util.Map<String, Authenticated> authenticated = new java.util.concurrent.ConcurrentHashMap<>();

    private Optional<ApiKeyPrincipal> lookUp(String presented, byte[] hash) {
        var found = jdbc.sql("select * from api_keys where prefix = :p and revoked_at is null")
                .param("p", presented.substring(0, PREFIX_LENGTH))
                .query((rs, n) -> new Object[] {key(rs, n), rs.getBytes("secret_hash")})
                .optional();
        if (found.isEmpty() || !MessageDigest.isEqual((byte[]) found.get()[1], hash)) {
            return Optional.empty();
        }
        var key = (ApiKey) found.get()[0];
        var now = clock.instant();
        if (key.lastUsedAt() == null || key.lastUsedAt().plus(LAST_USED_RESOLUTION).isBefore(now)) {
            jdbc.sql("update api_keys set last_used_at = :now where id = :id")
                    .param("now", Timestamp.from(now)).param("id", key.id()).update();
        }
        return Optional.of(new ApiKeyPrincipal(key.id(), key.name(), key.scopes()));
    }

    String generate() {
        var text = new StringBuilder("ldk_");
        for (int i = 0; i < 8; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        text.append('_');
        for (int i = 0; i < 40; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    private ApiKey key(ResultSet rs, int row) throws SQLException {
        var scopes = EnumSet.noneOf(Scope.class);
        Arrays.stream((String[]) rs.getArray("scopes").getArray())
                .map(Scope::fromValue).flatMap(Optional::stream).forEach(scopes::add);
        return new ApiKey(rs.getLong("id"), rs.getString("name"), rs.getString("prefix"), scopes,
                rs.getString("created_by"), StaffAccounts.instant(rs, "created_at"),
                StaffAccounts.instant(rs, "last_used_at"), StaffAccounts.instant(rs, "revoked_at"),
                rs.getString("revoked_by"));
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
