package io.loyaltydesk.purchases;

import java.time.Instant;

/**
 * The member's tier for the rules ({@code member.tier}), provided by the module that keeps tiers. Purchases
 * declares it so that the tiers module can listen to purchase events without a dependency cycle; without an
 * implementation the rules see no tier (null).
 */
public interface MemberTiers {

    /** The code of the tier the member holds at {@code at} (a staff override included), or null without tiers. */
    String tierCodeOf(long memberId, Instant at);
}
