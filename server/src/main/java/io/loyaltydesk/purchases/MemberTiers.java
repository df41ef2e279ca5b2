package io.loyaltydesk.purchases;

import java.time.Instant;
import java.util.List;

/**
 * The member's tier for the rules ({@code member.tier}), provided by the module that keeps tiers. Purchases
 * declares it so that the tiers module can listen to purchase events without a dependency cycle; without an
 * implementation the rules see no tier (null).
 */
public interface MemberTiers {

    /** The code of the tier the member holds at {@code at} (a staff override included), or null without tiers. */
    String tierCodeOf(long memberId, Instant at);

    /** {@link #tierCodeOf} for many members, each at its own time (same positions); for a batch of purchases. */
    default List<String> tierCodesOf(List<Long> memberIds, List<Instant> ats) {
        var codes = new java.util.ArrayList<String>(memberIds.size());
        for (int i = 0; i < memberIds.size(); i++) {
            codes.add(tierCodeOf(memberIds.get(i), ats.get(i)));
        }
        return codes;
    }
}
