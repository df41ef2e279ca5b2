package io.loyaltydesk.rules.internal;

import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param zone the zone rules read days of the week, hours and months in ({@code now}, windows by day)
 */
@ConfigurationProperties("loyaltydesk.rules")
public record RulesProperties(@DefaultValue("UTC") ZoneId zone) {
}
