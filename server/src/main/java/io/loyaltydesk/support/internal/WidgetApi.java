package io.loyaltydesk.support.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.RateLimits;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The chat widget's JSON API, public by design (see WidgetSecurity): a visitor starts a chat with a name, an email
 * and a first message and gets a signed visitor token; everything after that needs the token, in the
 * {@code X-Visitor-Token} header (or, for the event stream, which an EventSource cannot give headers, the
 * {@code token} parameter). Starts are rate limited per IP address, messages and typing per token.
 */
@RestController
class WidgetApi {

    static final String TOKEN_HEADER = "X-Visitor-Token";

    private final LiveChats chats;
    private final LiveHub hub;
    private final VisitorTokens tokens;
    private final RateLimits rateLimits;
    private final RateLimits.Limit starts;
    private final RateLimits.Limit messages;
    private final WidgetProperties properties;

    WidgetApi(LiveChats chats, LiveHub hub, VisitorTokens tokens, RateLimits rateLimits, WidgetProperties properties) {
        this.chats = chats;
        this.hub = hub;
        this.tokens = tokens;
        this.rateLimits = rateLimits;
        this.properties = properties;
        this.starts = new RateLimits.Limit("widget-start", properties.startsPerHourMax(), Duration.ofHours(1));
        this.messages = new RateLimits.Limit("widget-message", properties.messagesPerMinuteMax(),
                Duration.ofMinutes(1));
    }

    record Start(String name, String email, String message) {
    }

    record Text(String body) {
    }

    @GetMapping("/support/widget/api/status")
    Map<String, Object> status() {
        enabled();
        return Map.of("agentsOnline", hub.agentsOnline());
    }

    @PostMapping("/support/widget/api/chats")
    ResponseEntity<Map<String, Object>> start(@RequestBody(required = false) Start start, HttpServletRequest request) {
        enabled();
        if (!rateLimits.tryAcquire(starts, request.getRemoteAddr())) {
            throw new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS, "Too many new chats from this address");
        }
        if (start == null) {
            throw new CommandRefusedException.InvalidInput("name", "is required");
        }
        if (start.email() == null || start.email().isBlank()) {
            throw new CommandRefusedException.InvalidInput("email", "is required: we answer there when nobody is online");
        }
        var conversation = chats.startVisitor(start.name(), start.email(), start.message());
        var body = new LinkedHashMap<String, Object>(chats.visitorThread(conversation.id()).asMap());
        body.put("token", tokens.issue(conversation.id()));
        return ResponseEntity.status(HttpStatus.CREATED).body(body);
    }

    @GetMapping("/support/widget/api/thread")
    Map<String, Object> thread(@RequestHeader(name = TOKEN_HEADER, required = false) String token) {
        return chats.visitorThread(conversation(token)).asMap();
    }

    @PostMapping("/support/widget/api/messages")
    Map<String, Object> send(@RequestHeader(name = TOKEN_HEADER, required = false) String token,
            @RequestBody(required = false) Text text) {
        long conversationId = conversation(token);
        limit(token);
        return chats.visitorSend(conversationId, text == null ? null : text.body()).asMap();
    }

    @PostMapping("/support/widget/api/typing")
    ResponseEntity<Void> typing(@RequestHeader(name = TOKEN_HEADER, required = false) String token) {
        long conversationId = conversation(token);
        limit(token);
        chats.visitorTyping(conversationId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/support/widget/api/read")
    ResponseEntity<Void> read(@RequestHeader(name = TOKEN_HEADER, required = false) String token,
            @RequestParam long messageId) {
        chats.visitorRead(conversation(token), messageId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/support/widget/api/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter live(@RequestParam(required = false) String token,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) String after) {
        return hub.openVisitor(conversation(token), LiveIds.last(lastEventId, after));
    }

    private long conversation(String token) {
        enabled();
        return tokens.verify(token).orElseThrow(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED,
                "The visitor token is missing, wrong or expired: start a new chat"));
    }

    private void limit(String token) {
        if (!rateLimits.tryAcquire(messages, token)) {
            throw new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS, "Too many messages; wait a minute");
        }
    }

    private void enabled() {
        if (!properties.enabled()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }
}
