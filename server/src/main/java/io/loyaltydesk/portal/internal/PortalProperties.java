package io.loyaltydesk.portal.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of members' accounts, bound from {@code loyaltydesk.portal.*}.
 *
 * @param freshLogin how recent a password must be for handlers marked {@link io.loyaltydesk.portal.FreshLogin}
 * @param verifyEmailValidity how long an email verification or email change link works
 * @param resetPasswordValidity how long a password reset link works
 * @param phoneCodeValidity how long a phone verification code works
 */
@ConfigurationProperties("loyaltydesk.portal")
record PortalProperties(
        @DefaultValue("10m") Duration freshLogin,
        @DefaultValue("24h") Duration verifyEmailValidity,
        @DefaultValue("1h") Duration resetPasswordValidity,
        @DefaultValue("10m") Duration phoneCodeValidity) {
}
