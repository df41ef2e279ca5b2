package io.loyaltydesk.support.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import com.jayway.jsonpath.JsonPath;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.Message;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Live updates on a real port with a real HTTP client: SSE delivery, reconnect with Last-Event-ID, the
 * PostgreSQL LISTEN/NOTIFY fan-out between nodes (another node is just another database session), the stream
 * limit, agents online and the visitor token.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class LiveUpdatesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicLong UNIQUE = new AtomicLong(System.nanoTime() % 1_000_000);

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    @Autowired
    LiveHub hub;

    @Autowired
    LiveProperties properties;

    @Autowired
    DataSource dataSource;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    VisitorTokens tokens;

    record Chat(long conversationId, String token, boolean offline) {
    }

    private Chat startChat(String message) throws Exception {
        var email = "visitor" + UNIQUE.incrementAndGet() + "@example.test";
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(url("/support/widget/api/chats")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"name": "Vera Visitor", "email": "%s", "message": "%s"}
                        """.formatted(email, message))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return new Chat(((Number) JsonPath.read(response.body(), "$.conversationId")).longValue(),
                JsonPath.read(response.body(), "$.token"), JsonPath.read(response.body(), "$.offline"));
    }

    private SseClient visitorStream(Chat chat, Map<String, String> headers) throws Exception {
        var client = new SseClient(url("/support/widget/api/live?token=" + chat.token()), headers);
        assertThat(client.status()).isEqualTo(200);
        assertThat(client.next("status", WAIT)).as("the first event tells whether agents are online").isNotNull();
        return client;
    }

    /** The event of this message; events of earlier lines may still be on their way and are skipped. */
    private static SseClient.Event messageEvent(SseClient stream, long messageId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var event = stream.next("message", Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event == null || event.id().equals(Long.toString(messageId))) {
                return event;
            }
        }
        return null;
    }

    private Message reply(long conversationId, String body) {
        return Actor.callAs(new Actor(Actor.Type.STAFF, "1", "alice", null),
                () -> conversations.reply(conversationId, body, null));
    }

    @Test
    void aVisitorReceivesTheAgentsReplyPostedAfterConnecting() throws Exception {
        var chat = startChat("Hello, where are my points?");
        try (var stream = visitorStream(chat, Map.of())) {
            var reply = reply(chat.conversationId(), "Hi Vera, let me look.");
            var event = messageEvent(stream, reply.id());
            assertThat(event).as("the reply arrives over the stream").isNotNull();
            assertThat(event.id()).isEqualTo(Long.toString(reply.id()));
            assertThat((String) JsonPath.read(event.data(), "$.body")).isEqualTo("Hi Vera, let me look.");
            assertThat((Boolean) JsonPath.read(event.data(), "$.mine")).isFalse();
        }
    }

    @Test
    void internalNotesNeverReachTheVisitor() throws Exception {
        var chat = startChat("Is anyone there?");
        try (var stream = visitorStream(chat, Map.of())) {
            Actor.callAs(Actor.system("tester"), () -> conversations.note(chat.conversationId(), "secret note"));
            var reply = reply(chat.conversationId(), "Yes, here.");
            var seen = new ArrayList<SseClient.Event>();
            SseClient.Event event;
            while ((event = stream.next("message", WAIT)) != null) {
                seen.add(event);
                if (event.id().equals(Long.toString(reply.id()))) {
                    break;
                }
            }
            assertThat(seen).as("the reply came").anyMatch(e -> e.id().equals(Long.toString(reply.id())));
            assertThat(seen).as("the note never did").noneMatch(e -> e.data().contains("secret note"));
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsWhatWasMissed() throws Exception {
        var chat = startChat("Card lost");
        var first = reply(chat.conversationId(), "Which card number?");
        var missed = reply(chat.conversationId(), "Or your email?");
        try (var stream = visitorStream(chat, Map.of("Last-Event-ID", Long.toString(first.id())))) {
            var event = messageEvent(stream, missed.id());
            assertThat(event).as("the missed reply is replayed").isNotNull();
            assertThat((String) JsonPath.read(event.data(), "$.body")).isEqualTo("Or your email?");
        }
    }

    @Test
    void aNotificationFromAnotherNodeReachesTheStreamsOfThisOne() throws Exception {
        var chat = startChat("Voucher not working");
        var reply = reply(chat.conversationId(), "Try again now.");
        try (var stream = visitorStream(chat, Map.of()); var otherNode = dataSource.getConnection()) {
            // what a second application node does after its commit: NOTIFY on the shared channel
            otherNode.setAutoCommit(true);
            try (var statement = otherNode.prepareStatement("select pg_notify(?, ?)")) {
                statement.setString(1, properties.channel());
                statement.setString(2, """
                        {"type":"MESSAGE","conversationId":%d,"memberId":null,"messageId":%d,"kind":"FROM_AGENT",\
                        "chat":false,"side":null,"name":null}""".formatted(chat.conversationId(), reply.id()));
                statement.execute();
            }
            var event = messageEvent(stream, reply.id());
            assertThat(event).isNotNull();
            assertThat(event.id()).isEqualTo(Long.toString(reply.id()));
        }
    }

    @Test
    void theNotificationIsSentOnCommitAndNeverOnRollback() throws Exception {
        var chat = startChat("Points missing");
        try (var listener = dataSource.getConnection()) {
            listener.setAutoCommit(true);
            try (var statement = listener.createStatement()) {
                statement.execute("LISTEN " + properties.channel());
            }
            drain(listener);
            transactions.executeWithoutResult(tx -> {
                reply(chat.conversationId(), "Committed reply");
                try {
                    assertThat(notifications(listener, 300)).as("nothing before the commit").isEmpty();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            var afterCommit = notifications(listener, 2_000);
            assertThat(afterCommit).anyMatch(n -> n.contains("\"kind\":\"FROM_AGENT\"")
                    && n.contains("\"conversationId\":" + chat.conversationId()));

            transactions.executeWithoutResult(tx -> {
                reply(chat.conversationId(), "Rolled back reply");
                tx.setRollbackOnly();
            });
            assertThat(notifications(listener, 1_000)).as("a rolled-back reply is never announced").isEmpty();
        }
    }

    @Test
    void aSixthStreamOfTheSameVisitorClosesTheOldest() throws Exception {
        var chat = startChat("Many tabs");
        var streams = new ArrayList<SseClient>();
        try {
            for (int i = 0; i < properties.connectionsPerUserMax() + 1; i++) {
                streams.add(visitorStream(chat, Map.of()));
            }
            streams.getFirst().ended.get(10, TimeUnit.SECONDS);
            assertThat(hub.streams(LiveHub.Audience.VISITOR, Long.toString(chat.conversationId())))
                    .isEqualTo(properties.connectionsPerUserMax());
        } finally {
            streams.forEach(SseClient::close);
        }
    }

    @Test
    void withoutAgentsOnlineAChatBecomesAnEmailTicketAndWithOneItStaysLive() throws Exception {
        // no agent stream is open: offline
        var offline = startChat("Anyone?");
        assertThat(offline.offline()).isTrue();
        var ticket = conversations.get(offline.conversationId());
        assertThat(ticket.channel()).isEqualTo(Conversation.Channel.EMAIL);
        assertThat(ticket.status().active()).as("it stays open for the agents").isTrue();
        assertThat(conversations.messages(offline.conversationId())).anyMatch(m -> m.kind() == Message.Kind.NOTE
                && m.body().contains("answered by email"));

        var agent = hub.openAgent("agent" + UNIQUE.incrementAndGet(), 0);
        try {
            assertThat(hub.agentsOnline()).isPositive();
            var live = startChat("Hello?");
            assertThat(live.offline()).isFalse();
            assertThat(conversations.get(live.conversationId()).channel()).isEqualTo(Conversation.Channel.CHAT);
        } finally {
            agent.complete();
        }
    }

    @Test
    void theWidgetApiRefusesMissingForgedAndExpiredTokens() throws Exception {
        var chat = startChat("Token check");
        var forged = chat.token().substring(0, chat.token().lastIndexOf('.') + 1) + "AAAA";
        var otherConversation = chat.token().replaceFirst("^v1\\.\\d+\\.", "v1." + (chat.conversationId() + 1) + ".");
        for (var token : new String[] {null, "", "nonsense", forged, otherConversation}) {
            var request = HttpRequest.newBuilder(URI.create(url("/support/widget/api/messages")))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"body\": \"hi\"}"));
            if (token != null) {
                request.header("X-Visitor-Token", token);
            }
            var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("token %s", token).isEqualTo(401);
        }
        assertThat(tokens.verify(chat.token())).contains(chat.conversationId());
        var secret = "0123456789abcdef0123456789abcdef";
        var expired = new VisitorTokens(new WidgetProperties(true, List.of(), secret, Duration.ofSeconds(-1), 10, 10),
                null, java.time.Clock.systemUTC());
        assertThat(expired.verify(expired.issue(42))).as("expired").isEmpty();
        var fresh = new VisitorTokens(new WidgetProperties(true, List.of(), secret, Duration.ofMinutes(1), 10, 10),
                null, java.time.Clock.systemUTC());
        assertThat(fresh.verify(fresh.issue(42))).contains(42L);
        assertThat(tokens.verify(fresh.issue(42))).as("signed with another key").isEmpty();

        var ok = HTTP.send(HttpRequest.newBuilder(URI.create(url("/support/widget/api/messages")))
                .header("Content-Type", "application/json").header("X-Visitor-Token", chat.token())
                .POST(HttpRequest.BodyPublishers.ofString("{\"body\": \"still here\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(conversations.messages(chat.conversationId())).anyMatch(m -> m.body().equals("still here"));
    }

    @Test
    void theWidgetPageMayBeFramedOnlyByTheConfiguredOrigins() throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(url("/support/widget/chat"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("frame-ancestors 'self' https://shop.example.test");
        assertThat(response.headers().firstValue("X-Frame-Options")).isEmpty();
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).as("no CORS").isEmpty();
    }

    private static void drain(Connection listener) throws Exception {
        notifications(listener, 200);
    }

    private static List<String> notifications(Connection listener, int millis) throws Exception {
        var found = new ArrayList<String>();
        var all = listener.unwrap(PGConnection.class).getNotifications(millis);
        if (all != null) {
            for (var n : all) {
                found.add(n.getParameter());
            }
        }
        return found;
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
