package io.loyaltydesk.support.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inbound webhook of the SMS/social providers, {@code POST /support/providers/<name>/messages}, public by
 * design: the body is only parsed after its HMAC-SHA256 signature (over the timestamp and the raw bytes) checks
 * out and the timestamp is inside the replay window; a replay inside the window is caught by the message id.
 */
@RestController
class ProviderWebhook {

    private static final Logger log = LoggerFactory.getLogger(ProviderWebhook.class);
    private static final int BODY_BYTES_MAX = 64 * 1024;

    private final ProviderProperties properties;
    private final ProviderInbound inbound;
    private final JsonMapper json;
    private final Clock clock;

    ProviderWebhook(ProviderProperties properties, ProviderInbound inbound, JsonMapper json, Clock clock) {
        this.properties = properties;
        this.inbound = inbound;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping("/support/providers/{name}/messages")
    Map<String, Object> receive(@PathVariable String name,
            @RequestHeader(name = ProviderSignatures.TIMESTAMP_HEADER, required = false) String timestamp,
            @RequestHeader(name = ProviderSignatures.SIGNATURE_HEADER, required = false) String signature,
            HttpServletRequest request) throws IOException {
        var provider = properties.providers().get(name);
        if (provider == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No provider " + name + " is configured");
        }
        var raw = RequestBodies.atMost(request, BODY_BYTES_MAX);
        if (raw.length > BODY_BYTES_MAX) {
            throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, "The body is larger than 64 KiB");
        }
        var refusal = ProviderSignatures.refusal(provider.secret(), timestamp, signature, raw, clock.instant(),
                provider.replayWindow());
        if (refusal != null) {
            // the reason goes to our log only: a caller without the key learns nothing from the answer
            log.warn("Refused a webhook call for provider {}: {}", name, refusal);
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "The request is not signed correctly");
        }
        ProviderInbound.Inbound message;
        try {
            message = json.readValue(raw, ProviderInbound.Inbound.class);
        } catch (JacksonException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The body is not the expected JSON");
        }
        ProviderInbound.Received received;
        try {
            received = inbound.receive(name, provider.channel(), message);
        } catch (DuplicateKeyException e) {
            // the same message arrived twice at the same moment: the other request took it in
            received = inbound.seen(name, message.id()).orElseThrow(() -> e);
        }
        return Map.of("conversationId", received.conversationId(), "messageId", received.messageId(),
                "duplicate", received.duplicate());
    }
}
