package io.loyaltydesk.engagement;

import java.math.BigDecimal;

/**
 * The referral program: both sides' points, what qualifies a referred member (a purchase of at least
 * {@code minPurchaseAmount} within {@code qualifyDays} of joining) and how many referrals a referrer is rewarded
 * for per calendar month ({@code monthlyCap}; further ones still reward the new member).
 */
public record ReferralSettings(boolean enabled, long referrerPoints, long referredPoints, BigDecimal minPurchaseAmount,
        int qualifyDays, int monthlyCap) {
}
