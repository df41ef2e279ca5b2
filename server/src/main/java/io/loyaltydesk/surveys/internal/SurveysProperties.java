package io.loyaltydesk.surveys.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code loyaltydesk.surveys.*}. Survey links point at {@code loyaltydesk.messaging.public-url}, like every link
 * sent to members.
 *
 * @param csatLinkValidity how long after the solve a CSAT survey can be answered
 * @param csatChangeWindow how long after the first answer it can still be changed
 * @param signingKey the key that signs survey links; blank uses a random key kept in the database (shared by all
 *        nodes); set it to rotate (links signed with the old key stop working)
 */
@ConfigurationProperties("loyaltydesk.surveys")
public record SurveysProperties(
        @DefaultValue("30d") Duration csatLinkValidity,
        @DefaultValue("7d") Duration csatChangeWindow,
        String signingKey) {
}
