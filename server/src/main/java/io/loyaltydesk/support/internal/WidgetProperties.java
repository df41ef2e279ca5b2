package io.loyaltydesk.support.internal;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embeddable chat widget, bound from {@code loyaltydesk.support.widget.*}.
 *
 * @param enabled whether {@code /support/widget/**} answers at all
 * @param allowedOrigins the sites that may frame the widget ({@code https://shop.example.com}); empty means only
 *                       our own pages. Goes into the widget's {@code Content-Security-Policy: frame-ancestors}
 * @param tokenSecret the key that signs visitor tokens (at least 32 characters); blank: one is generated and kept
 *                    in the database, shared by all nodes
 * @param tokenTtl how long a visitor token (and so a visitor's chat in their browser tab) stays valid
 * @param startsPerHourMax new chats per IP address and hour
 * @param messagesPerMinuteMax messages (and typing signals) per visitor token and minute
 */
@ConfigurationProperties("loyaltydesk.support.widget")
public record WidgetProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue List<String> allowedOrigins,
        String tokenSecret,
        @DefaultValue("7d") Duration tokenTtl,
        @DefaultValue("10") int startsPerHourMax,
        @DefaultValue("30") int messagesPerMinuteMax) {

    public WidgetProperties {
        for (var origin : allowedOrigins) {
            if (!origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                throw new IllegalArgumentException("loyaltydesk.support.widget.allowed-origins: '" + origin
                        + "' is not an origin like https://shop.example.com");
            }
        }
        if (tokenSecret != null && !tokenSecret.isBlank() && tokenSecret.length() < 32) {
            throw new IllegalArgumentException("loyaltydesk.support.widget.token-secret needs at least 32 characters");
        }
    }
}
