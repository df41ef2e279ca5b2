package io.loyaltydesk.tiers.internal;

import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param zone the zone in which calendar years and days of tier periods begin
 */
@ConfigurationProperties("loyaltydesk.tiers")
public record TiersProperties(@DefaultValue("UTC") ZoneId zone) {
}
