package io.loyaltydesk.tiers;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One tier of the program. Members qualify for the highest-ranked tier whose {@code threshold} their metric
 * reaches (see {@link TierProgram}); rank 0 is the base tier everybody starts in.
 *
 * @param earnMultiplierHint informational: the factor the program means to give this tier; the points come from
 *        a MULTIPLIER rule with the condition {@code member.tier == 'CODE'}, not from this field
 */
public record Tier(String code, String name, int rank, String colour, String benefits, BigDecimal earnMultiplierHint,
        BigDecimal threshold, Instant updatedAt) {
}
