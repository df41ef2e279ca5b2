package io.loyaltydesk.rules;

import java.util.List;

/**
 * What a draft rule would have done to past purchases, on top of the rules active now. Nothing is written.
 *
 * @param extraPoints may be negative when an edit makes a rule less generous
 * @param extraLiabilityMinor extra points times the point value, in minor units of {@code currency}
 */
public record Simulation(long purchasesScanned, long purchasesMatched, long membersAffected, long extraPoints,
        long extraLiabilityMinor, String currency, List<Sample> samples) {

    /** A purchase the draft matched, with the extra points and the draft's explanation. */
    public record Sample(String externalId, long memberId, long points, String explanation) {
    }
}
