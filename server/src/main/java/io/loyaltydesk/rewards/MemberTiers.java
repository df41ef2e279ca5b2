package io.loyaltydesk.rewards;

import java.util.Optional;

/**
 * A member's current tier code, for tier-exclusive rewards. The tiers module implements it; until it does, no
 * member qualifies for a tier-exclusive reward (they are listed only when a caller names a tier, see the API).
 */
public interface MemberTiers {

    Optional<String> tierOf(long memberId);
}
