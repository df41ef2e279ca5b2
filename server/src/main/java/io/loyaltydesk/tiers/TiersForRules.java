package io.loyaltydesk.tiers;

import io.loyaltydesk.purchases.MemberTiers;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/** Lets the earning rules read {@code member.tier}. */
@Component
class TiersForRules implements MemberTiers {

    private final Tiers tiers;

    TiersForRules(Tiers tiers) {
        this.tiers = tiers;
    }

    @Override
    public String tierCodeOf(long memberId, Instant at) {
        return tiers.heldTierCode(memberId, at).orElse(null);
    }

    @Override
    public List<String> tierCodesOf(List<Long> memberIds, List<Instant> ats) {
        return tiers.heldTierCodes(memberIds, ats);
    }
}
