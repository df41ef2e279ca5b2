package io.loyaltydesk.support.internal;

import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.Message;
import io.loyaltydesk.support.MessageAdded;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Agent replies on SMS and social conversations, out through the provider's API. The reply is queued in the same
 * transaction that saved it (an outbox row), sent right after the commit, and retried with growing pauses by a
 * job until the provider takes it (2xx) or the attempts run out; then the thread gets a note that it did not
 * reach the member. Each attempt is a signed {@code POST} with an {@code Idempotency-Key}, so a provider that got
 * a request whose answer we lost can drop the repeat.
 */
@Component
class ProviderReplies {

    private static final Logger log = LoggerFactory.getLogger(ProviderReplies.class);
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(30);
    private static final Duration LONGEST_PAUSE = Duration.ofHours(1);
    private static final int DUE_PER_RUN_MAX = 200;

    record Outgoing(long id, String provider, long conversationId, long messageId, String to, String body,
            int attempts) {
    }

    private final ProviderProperties properties;
    private final ProviderInbound inbound;
    private final Conversations conversations;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    ProviderReplies(ProviderProperties properties, ProviderInbound inbound, Conversations conversations,
            JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.properties = properties;
        this.inbound = inbound;
        this.conversations = conversations;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @EventListener
    void on(MessageAdded event) {
        var conversation = event.conversation();
        var message = event.message();
        if (message.kind() != Message.Kind.FROM_AGENT || conversation.contactPhone() == null
                || (conversation.channel() != Conversation.Channel.SMS
                        && conversation.channel() != Conversation.Channel.SOCIAL)) {
            return;
        }
        var provider = providerFor(conversation);
        if (provider.isEmpty()) {
            log.warn("No provider with an api-url is configured for {} conversations; reply {} stays in the desk",
                    conversation.channel(), message.id());
            return;
        }
        long id = jdbc.sql("""
                insert into support_provider_outbox (provider, conversation_id, message_id, to_phone, body, status,
                                                     next_attempt_at, created_at)
                values (:provider, :conversation, :message, :to, :body, 'PENDING', :now, :now)
                returning id
                """).param("provider", provider.get()).param("conversation", conversation.id())
                .param("message", message.id()).param("to", conversation.contactPhone()).param("body", message.body())
                .param("now", now()).query(Long.class).single();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    senders.execute(() -> deliver(id));
                }
            });
        }
    }

    /** Sends what is due (new, or waiting for its next attempt); the job's work. Returns how many were tried. */
    int deliverDue() {
        var due = jdbc.sql("""
                select id from support_provider_outbox where status = 'PENDING' and next_attempt_at <= :now
                 order by next_attempt_at limit :limit
                """).param("now", now()).param("limit", DUE_PER_RUN_MAX).query(Long.class).list();
        due.forEach(this::deliver);
        return due.size();
    }

    /** One attempt, if the row is still due; the claim (pushing its next attempt out) keeps two nodes apart. */
    void deliver(long id) {
        var now = clock.instant();
        var claimed = jdbc.sql("""
                update support_provider_outbox set attempts = attempts + 1, next_attempt_at = :lease
                 where id = :id and status = 'PENDING' and next_attempt_at <= :now
                returning id, provider, conversation_id, message_id, to_phone, body, attempts
                """).param("id", id).param("now", Timestamp.from(now))
                .param("lease", Timestamp.from(now.plus(Duration.ofMinutes(2))))
                .query((rs, row) -> new Outgoing(rs.getLong("id"), rs.getString("provider"),
                        rs.getLong("conversation_id"), rs.getLong("message_id"), rs.getString("to_phone"),
                        rs.getString("body"), rs.getInt("attempts"))).optional();
        if (claimed.isEmpty()) {
            return;
        }
        var outgoing = claimed.get();
        var provider = properties.providers().get(outgoing.provider());
        String error = provider == null || provider.apiUrl() == null ? "provider " + outgoing.provider()
                + " is no longer configured with an api-url" : post(provider, outgoing);
        if (error == null) {
            jdbc.sql("update support_provider_outbox set status = 'SENT', sent_at = :now, last_error = null "
                    + "where id = :id").param("now", now()).param("id", id).update();
            return;
        }
        int attemptsMax = provider == null ? 1 : provider.attemptsMax();
        if (outgoing.attempts() >= attemptsMax) {
            jdbc.sql("update support_provider_outbox set status = 'FAILED', last_error = :error where id = :id")
                    .param("error", error).param("id", id).update();
            log.warn("Reply {} could not be delivered through {} after {} attempts: {}", outgoing.messageId(),
                    outgoing.provider(), outgoing.attempts(), error);
            Actor.callAs(Actor.system("provider:" + outgoing.provider()), () -> conversations.note(
                    outgoing.conversationId(), "The reply of " + outgoing.messageId() + " did not reach the member "
                            + "through " + outgoing.provider() + " after " + outgoing.attempts() + " attempts ("
                            + error + "). Answer another way."));
        } else {
            var pause = FIRST_PAUSE.multipliedBy(1L << Math.min(outgoing.attempts() - 1, 10));
            jdbc.sql("update support_provider_outbox set next_attempt_at = :next, last_error = :error where id = :id")
                    .param("next", Timestamp.from(now.plus(pause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause)))
                    .param("error", error).param("id", id).update();
        }
    }

    /** The outbox row of a message, for tests and the operations guide's queries. */
    Optional<Map<String, Object>> state(long messageId) {
        return jdbc.sql("select status, attempts, last_error from support_provider_outbox where message_id = :m")
                .param("m", messageId).query((rs, row) -> {
                    var state = new LinkedHashMap<String, Object>();
                    state.put("status", rs.getString(1));
                    state.put("attempts", rs.getInt(2));
                    state.put("lastError", rs.getString(3));
                    return (Map<String, Object>) state;
                }).optional();
    }

    private String post(ProviderProperties.Provider provider, Outgoing outgoing) {
        var payload = new LinkedHashMap<String, Object>();
        payload.put("to", outgoing.to());
        if (provider.sender() != null) {
            payload.put("from", provider.sender());
        }
        payload.put("text", outgoing.body());
        payload.put("reference", "ld-" + outgoing.messageId());
        byte[] body = json.writeValueAsBytes(payload);
        long timestamp = clock.instant().getEpochSecond();
        var request = HttpRequest.newBuilder(provider.apiUrl()).timeout(provider.timeout())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "ld-" + outgoing.messageId())
                .header(ProviderSignatures.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(ProviderSignatures.SIGNATURE_HEADER, ProviderSignatures.sign(provider.secret(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (provider.apiToken() != null && !provider.apiToken().isBlank()) {
            request.header("Authorization", "Bearer " + provider.apiToken());
        }
        try {
            var response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode();
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private Optional<String> providerFor(Conversation conversation) {
        var usable = properties.providers().entrySet().stream()
                .filter(p -> p.getValue().channel() == conversation.channel() && p.getValue().apiUrl() != null)
                .map(Map.Entry::getKey).toList();
        return inbound.providerOf(conversation.id()).filter(usable::contains)
                .or(() -> usable.stream().sorted().findFirst());
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS));
    }
}
