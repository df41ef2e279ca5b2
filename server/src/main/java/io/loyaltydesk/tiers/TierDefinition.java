package io.loyaltydesk.tiers;

import java.math.BigDecimal;

/**
 * A tier as a program manager writes it (create and change). Fields are nullable so that every missing one is
 * reported; {@code code} is ignored on a change (the code names the tier for good).
 */
public record TierDefinition(String code, String name, Integer rank, String colour, String benefits,
        BigDecimal earnMultiplierHint, BigDecimal threshold) {
}
