package io.loyaltydesk.support.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Live updates of the desk and the chat over Server-Sent Events, bound from {@code loyaltydesk.support.live.*}.
 *
 * @param heartbeat how often an idle stream gets a comment line (keeps proxies from closing it, finds dead clients)
 *                  and this node's agent presence is refreshed
 * @param connectionsPerUserMax open streams per agent, member or visitor on one node; the oldest is closed when a
 *                              new one would pass it
 * @param streamTimeout after this a stream is closed and the browser reconnects (with {@code Last-Event-ID})
 * @param presenceTtl an agent counts as online while a node saw their desk stream within this time
 * @param channel the PostgreSQL LISTEN/NOTIFY channel the nodes share
 */
@ConfigurationProperties("loyaltydesk.support.live")
public record LiveProperties(
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("5") int connectionsPerUserMax,
        @DefaultValue("30m") Duration streamTimeout,
        @DefaultValue("45s") Duration presenceTtl,
        @DefaultValue("loyaltydesk_support") String channel) {

    public LiveProperties {
        if (!channel.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("loyaltydesk.support.live.channel must be a lower-case SQL identifier");
        }
        if (connectionsPerUserMax < 1) {
            throw new IllegalArgumentException("loyaltydesk.support.live.connections-per-user-max must be at least 1");
        }
    }
}
