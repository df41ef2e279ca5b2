package io.loyaltydesk.support.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.jayway.jsonpath.JsonPath;
import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.Message;
import io.loyaltydesk.support.MessageAdded;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * SMS/social providers: signed, unsigned, forged and replayed inbound webhooks, and agent replies going out to
 * the provider's API (WireMock) with signature, idempotency key and retries.
 */
class ProviderChannelsTest extends IntegrationTest {

    private static final String SECRET = "test-provider-secret-0123456789abcdef";

    @Autowired
    Conversations conversations;

    @Autowired
    ProviderInbound inbound;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    TransactionTemplate transactions;

    WireMockServer provider;

    @BeforeEach
    void startProvider() {
        provider = new WireMockServer(wireMockConfig().dynamicPort());
        provider.start();
    }

    @AfterEach
    void stopProvider() {
        provider.stop();
    }

    private ResultActions webhook(String providerName, String body, Long timestamp, String signature)
            throws Exception {
        var request = MockMvcRequestBuilders.post("/support/providers/{name}/messages", providerName)
                .contentType(MediaType.APPLICATION_JSON).content(body.getBytes(StandardCharsets.UTF_8));
        if (timestamp != null) {
            request.header(ProviderSignatures.TIMESTAMP_HEADER, timestamp.toString());
        }
        if (signature != null) {
            request.header(ProviderSignatures.SIGNATURE_HEADER, signature);
        }
        return mvc.perform(request);
    }

    private ResultActions signed(String body) throws Exception {
        long now = clock.instant().getEpochSecond();
        return webhook("textline", body, now, ProviderSignatures.sign(SECRET, now, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String sms(String id, String from, String text) {
        return """
                {"id": "%s", "from": "%s", "text": "%s"}""".formatted(id, from, text);
    }

    private long conversationsWith(String phone) {
        return jdbc.sql("select count(*) from conversations where contact_phone = :p").param("p", phone)
                .query(Long.class).single();
    }

    @Test
    void aSignedMessageOpensAnSmsConversationAndTheNextOneContinuesIt() throws Exception {
        var phone = uniquePhone();
        var first = signed(sms("m-" + unique(), phone, "My points are missing")).andExpect(status().isOk())
                .andExpect(jsonPath("$.duplicate").value(false)).andReturn().getResponse().getContentAsString();
        long conversationId = ((Number) JsonPath.read(first, "$.conversationId")).longValue();
        var conversation = conversations.get(conversationId);
        assertThat(conversation.channel()).isEqualTo(Conversation.Channel.SMS);
        assertThat(conversation.contactPhone()).isEqualTo(phone);

        signed(sms("m-" + unique(), phone, "Receipt 4711")).andExpect(status().isOk())
                .andExpect(jsonPath("$.conversationId").value(conversationId));
        assertThat(conversations.messages(conversationId)).extracting(Message::body)
                .contains("My points are missing", "Receipt 4711");
        assertThat(conversationsWith(phone)).isEqualTo(1);
    }

    @Test
    void unsignedForgedAndStaleRequestsAreRefusedAndChangeNothing() throws Exception {
        var phone = uniquePhone();
        var body = sms("m-" + unique(), phone, "hello");
        long now = clock.instant().getEpochSecond();
        webhook("textline", body, null, null).andExpect(status().isUnauthorized());
        webhook("textline", body, now, "sha256=" + "0".repeat(64)).andExpect(status().isUnauthorized());
        webhook("textline", body, now, ProviderSignatures.sign("another-secret-0123456789abcdef012345", now,
                body.getBytes(StandardCharsets.UTF_8))).andExpect(status().isUnauthorized());
        // signed correctly, but the body was changed on the way
        webhook("textline", body.replace("hello", "HELLO"), now, ProviderSignatures.sign(SECRET, now,
                body.getBytes(StandardCharsets.UTF_8))).andExpect(status().isUnauthorized());
        // a captured request replayed after the window
        long old = now - Duration.ofMinutes(6).toSeconds();
        webhook("textline", body, old, ProviderSignatures.sign(SECRET, old, body.getBytes(StandardCharsets.UTF_8)))
                .andExpect(status().isUnauthorized());
        webhook("nosuchprovider", body, now, ProviderSignatures.sign(SECRET, now, body.getBytes(StandardCharsets.UTF_8)))
                .andExpect(status().isNotFound());
        assertThat(conversationsWith(phone)).isZero();
    }

    @Test
    void aReplayInsideTheWindowIsTakenInOnce() throws Exception {
        var phone = uniquePhone();
        var body = sms("m-" + unique(), phone, "only once");
        signed(body).andExpect(status().isOk()).andExpect(jsonPath("$.duplicate").value(false));
        signed(body).andExpect(status().isOk()).andExpect(jsonPath("$.duplicate").value(true));
        var id = jdbc.sql("select id from conversations where contact_phone = :p").param("p", phone)
                .query(Long.class).single();
        assertThat(conversations.messages(id)).filteredOn(m -> m.body().equals("only once")).hasSize(1);
    }

    @Test
    void aBodyLargerThan64KiBIsRefusedEvenWhenSigned() throws Exception {
        var phone = "+4915100" + (100000 + unique() % 899999);
        signed(sms("big" + unique(), phone, "x".repeat(70 * 1024))).andExpect(status().isContentTooLarge());
        assertThat(conversationsWith(phone)).isZero();
    }

    @Test
    void badJsonAfterAGoodSignatureIsABadRequest() throws Exception {
        signed("{not json").andExpect(status().isBadRequest());
        signed("{\"id\": \"x" + unique() + "\", \"text\": \"no sender\"}").andExpect(status().isBadRequest());
    }

    private ProviderReplies repliesThrough(int attemptsMax) {
        var config = new ProviderProperties.Provider(Conversation.Channel.SMS, SECRET,
                URI.create(provider.baseUrl() + "/v1/messages"), "provider-api-token", "+4930123456",
                Duration.ofMinutes(5), attemptsMax, Duration.ofSeconds(5));
        return new ProviderReplies(new ProviderProperties(Map.of("textline", config)), inbound, conversations, jdbc,
                json, clock);
    }

    /** An SMS conversation and an agent's reply in it, queued through {@code replies} in the reply's transaction. */
    private Message replyQueuedThrough(ProviderReplies replies, String text) throws Exception {
        var phone = uniquePhone();
        var opened = signed(sms("m-" + unique(), phone, "Question")).andReturn().getResponse().getContentAsString();
        long conversationId = ((Number) JsonPath.read(opened, "$.conversationId")).longValue();
        return transactions.execute(tx -> Actor.callAs(new Actor(Actor.Type.STAFF, "1", "alice", null), () -> {
            var reply = conversations.reply(conversationId, text, null);
            replies.on(new MessageAdded(conversations.get(conversationId), reply));
            return reply;
        }));
    }

    private Map<String, Object> waitForState(ProviderReplies replies, long messageId, String status, int attempts)
            throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            var state = replies.state(messageId).orElseThrow();
            // an attempt is counted when the delivery takes its lease, before the call; a PENDING one has failed only
            // once its error is written
            if (state.get("status").equals(status) && (int) state.get("attempts") >= attempts
                    && (!status.equals("PENDING") || state.get("lastError") != null)) {
                return state;
            }
            Thread.sleep(100);
        }
        return replies.state(messageId).orElseThrow();
    }

    @Test
    void anAgentReplyIsPostedSignedToTheProviderRightAfterTheCommit() throws Exception {
        provider.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(202)));
        var replies = repliesThrough(5);
        var reply = replyQueuedThrough(replies, "Your points are back.");

        assertThat(waitForState(replies, reply.id(), "SENT", 1)).containsEntry("status", "SENT");
        provider.verify(1, postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("Authorization", equalTo("Bearer provider-api-token"))
                .withHeader("Idempotency-Key", equalTo("ld-" + reply.id()))
                .withRequestBody(matchingJsonPath("$.text", equalTo("Your points are back.")))
                .withRequestBody(matchingJsonPath("$.from", equalTo("+4930123456"))));
        var sent = provider.getAllServeEvents().getFirst().getRequest();
        long timestamp = Long.parseLong(sent.getHeader(ProviderSignatures.TIMESTAMP_HEADER));
        assertThat(sent.getHeader(ProviderSignatures.SIGNATURE_HEADER))
                .isEqualTo(ProviderSignatures.sign(SECRET, timestamp, sent.getBody()));
    }

    @Test
    void aFailedDeliveryIsRetriedLaterByTheJob() throws Exception {
        provider.stubFor(post(urlEqualTo("/v1/messages")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        provider.stubFor(post(urlEqualTo("/v1/messages")).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        var replies = repliesThrough(5);
        var reply = replyQueuedThrough(replies, "Retry me");
        var afterFirst = waitForState(replies, reply.id(), "PENDING", 1);
        assertThat(afterFirst).containsEntry("lastError", "HTTP 503");

        replies.deliverDue();
        assertThat(replies.state(reply.id()).orElseThrow()).as("not due yet").containsEntry("status", "PENDING");
        var start = clock.instant();
        try {
            clock.set(start.plus(Duration.ofMinutes(3)));
            replies.deliverDue();
        } finally {
            clock.set(start);
        }
        assertThat(replies.state(reply.id()).orElseThrow()).containsEntry("status", "SENT").containsEntry("attempts", 2);
        provider.verify(2, postRequestedFor(urlEqualTo("/v1/messages")));
    }

    @Test
    void whenTheAttemptsRunOutTheThreadSaysSo() throws Exception {
        provider.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(500)));
        var replies = repliesThrough(2);
        var reply = replyQueuedThrough(replies, "Never arrives");
        waitForState(replies, reply.id(), "PENDING", 1);
        var start = clock.instant();
        try {
            clock.set(start.plus(Duration.ofMinutes(3)));
            replies.deliverDue();
        } finally {
            clock.set(start);
        }
        assertThat(replies.state(reply.id()).orElseThrow()).containsEntry("status", "FAILED");
        assertThat(conversations.messages(reply.conversationId())).anyMatch(m -> m.kind() == Message.Kind.NOTE
                && m.body().contains("did not reach the member"));
    }
}
