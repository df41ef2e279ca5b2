package io.loyaltydesk.tiers;

import io.loyaltydesk.rewards.MemberTiers;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Lets tier-exclusive rewards see which tier a member holds now (a staff override included). */
@Component
class TiersForRewards implements MemberTiers {

    private final Tiers tiers;
    private final Clock clock;

    TiersForRewards(Tiers tiers, Clock clock) {
        this.tiers = tiers;
        this.clock = clock;
    }

    @Override
    public Optional<String> tierOf(long memberId) {
        return tiers.heldTierCode(memberId, clock.instant());
    }
}
