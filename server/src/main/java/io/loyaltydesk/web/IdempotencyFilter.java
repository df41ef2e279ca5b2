package io.loyaltydesk.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Honours the {@code Idempotency-Key} header on every POST and PATCH under {@code /api/}: the first request
 * with a key does the work and its answer is stored; a retry with the same key and the same body gets that
 * answer again (with {@code Idempotent-Replayed: true}) without doing anything; the same key with a
 * different body is a 409. Keys are per caller (API key) and kept for {@link #RETENTION}. Server errors are
 * not stored, so a retry after one does the work again.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 10)
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final Duration RETENTION = Duration.ofHours(48);
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);
    private static final int BODY_MAX = 10 * 1024 * 1024;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    IdempotencyFilter(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        var method = request.getMethod();
        return !(("POST".equals(method) || "PATCH".equals(method)) && request.getRequestURI().startsWith("/api/")
                && request.getHeader(HEADER) != null);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var key = request.getHeader(HEADER).strip();
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            chain.doFilter(request, response);
            return;
        }
        if (key.isEmpty() || key.length() > 255) {
            problem(response, HttpStatus.BAD_REQUEST, "invalid-input", "Idempotency-Key must have 1 to 255 characters");
            return;
        }
        var body = request.getInputStream().readNBytes(BODY_MAX + 1);
        if (body.length > BODY_MAX) {
            problem(response, HttpStatus.CONTENT_TOO_LARGE, "too-large", "The request body is larger than 10 MB");
            return;
        }
        var owner = authentication.getName();
        var hash = hash(request, body);
        var now = clock.instant();
        // a claim left behind by a crashed node must not block the key for ever
        jdbc.sql("delete from idempotency_keys where owner = :owner and key = :key and state = 'IN_PROGRESS' "
                        + "and created_at < :abandoned")
                .param("owner", owner).param("key", key)
                .param("abandoned", Timestamp.from(now.minus(ABANDONED_AFTER))).update();
        int claimed = jdbc.sql("""
                insert into idempotency_keys (owner, key, request_hash, state, created_at)
                values (:owner, :key, :hash, 'IN_PROGRESS', :now) on conflict do nothing
                """)
                .param("owner", owner).param("key", key).param("hash", hash).param("now", Timestamp.from(now))
                .update();
        if (claimed == 0) {
            replay(owner, key, hash, response);
            return;
        }
        var cached = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(new ReplayableRequest(request, body), cached);
        } catch (IOException | ServletException | RuntimeException e) {
            release(owner, key);
            throw e;
        }
        if (cached.getStatus() >= 500) {
            release(owner, key);
        } else {
            jdbc.sql("""
                    update idempotency_keys set state = 'DONE', response_status = :status, response_type = :type,
                           response_body = :body where owner = :owner and key = :key
                    """)
                    .param("status", cached.getStatus()).param("type", cached.getContentType())
                    .param("body", cached.getContentAsByteArray()).param("owner", owner).param("key", key)
                    .update();
        }
        cached.copyBodyToResponse();
    }

    private void replay(String owner, String key, byte[] hash, HttpServletResponse response) throws IOException {
        var stored = jdbc.sql("select * from idempotency_keys where owner = :owner and key = :key")
                .param("owner", owner).param("key", key)
                .query((rs, n) -> new Stored(rs.getBytes("request_hash"), rs.getString("state"),
                        rs.getInt("response_status"), rs.getString("response_type"), rs.getBytes("response_body")))
                .optional();
        if (stored.isEmpty()) {
            problem(response, HttpStatus.CONFLICT, "idempotency-key-in-progress",
                    "A request with this Idempotency-Key just finished with an error; retry it");
        } else if (!Arrays.equals(stored.get().hash(), hash)) {
            problem(response, HttpStatus.CONFLICT, "idempotency-key-reused",
                    "This Idempotency-Key was used for a different request");
        } else if (!"DONE".equals(stored.get().state())) {
            problem(response, HttpStatus.CONFLICT, "idempotency-key-in-progress",
                    "A request with this Idempotency-Key is still being processed; retry later");
        } else {
            response.setStatus(stored.get().status());
            if (stored.get().type() != null) {
                response.setContentType(stored.get().type());
            }
            response.setHeader("Idempotent-Replayed", "true");
            response.getOutputStream().write(stored.get().body() == null ? new byte[0] : stored.get().body());
        }
    }

    private record Stored(byte[] hash, String state, int status, String type, byte[] body) {
    }

    private void release(String owner, String key) {
        jdbc.sql("delete from idempotency_keys where owner = :owner and key = :key and state = 'IN_PROGRESS'")
                .param("owner", owner).param("key", key).update();
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void forgetOldKeys() {
        jdbc.sql("delete from idempotency_keys where created_at < :before")
                .param("before", Timestamp.from(clock.instant().minus(RETENTION))).update();
    }

    private void problem(HttpServletResponse response, HttpStatus status, String type, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Problems.of(status, type, detail));
    }

    private static byte[] hash(HttpServletRequest request, byte[] body) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update((request.getMethod() + ' ' + request.getRequestURI() + '?'
                    + (request.getQueryString() == null ? "" : request.getQueryString()) + '\n')
                    .getBytes(StandardCharsets.UTF_8));
            digest.update(body);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The request with its body read once and served again to the controller. */
    private static final class ReplayableRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        ReplayableRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            var in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("synchronous only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            var encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
        }
    }
}
