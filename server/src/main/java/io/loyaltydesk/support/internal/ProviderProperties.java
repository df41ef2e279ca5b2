package io.loyaltydesk.support.internal;

import io.loyaltydesk.support.Conversation;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * SMS and social-messaging providers, bound from {@code loyaltydesk.support.providers.<name>.*}. Each one gets an
 * inbound webhook at {@code /support/providers/<name>/messages} and receives agent replies at its {@code api-url}.
 */
@ConfigurationProperties("loyaltydesk.support")
public record ProviderProperties(@DefaultValue Map<String, Provider> providers) {

    /**
     * @param channel SMS or SOCIAL: what conversations from this provider are
     * @param secret the shared key of the HMAC-SHA256 signatures, both ways (at least 32 characters)
     * @param apiUrl where replies are POSTed; blank: the provider is inbound only
     * @param apiToken sent as {@code Authorization: Bearer} with every reply
     * @param sender our number or account name at the provider, sent as {@code from}
     * @param replayWindow how old (or how far in the future) an inbound request's timestamp may be
     * @param attemptsMax delivery attempts of a reply before it is marked failed
     * @param timeout connect and answer timeout of one delivery attempt
     */
    public record Provider(
            Conversation.Channel channel,
            String secret,
            URI apiUrl,
            String apiToken,
            String sender,
            @DefaultValue("5m") Duration replayWindow,
            @DefaultValue("8") int attemptsMax,
            @DefaultValue("10s") Duration timeout) {

        public Provider {
            if (channel != Conversation.Channel.SMS && channel != Conversation.Channel.SOCIAL) {
                throw new IllegalArgumentException("loyaltydesk.support.providers.*.channel must be SMS or SOCIAL");
            }
            if (secret == null || secret.length() < 32) {
                throw new IllegalArgumentException(
                        "loyaltydesk.support.providers.*.secret is required, at least 32 characters");
            }
        }
    }

    public ProviderProperties {
        for (var name : providers.keySet()) {
            if (!name.matches("[a-z0-9-]{1,40}")) {
                throw new IllegalArgumentException("loyaltydesk.support.providers: '" + name
                        + "' must be lower-case letters, digits and dashes");
            }
        }
    }
}
