package io.loyaltydesk.tiers;

import io.loyaltydesk.tiers.TierProgram.Metric;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Where a member stands: the tier held, the metric in the current window, what is missing to the next tier, and
 * whether (and when) the member will drop at the next review if nothing more is bought.
 *
 * @param tier the tier the member holds now (an active override included); null when the program has no tiers
 * @param value the metric in the current window (calendar year so far, or the last n months)
 * @param nextTier the next tier up from the tier earned (not the override), null at the top
 * @param missing how much metric the member still needs for {@code nextTier}
 * @param periodEnd when the earned tier comes up for review; null for the base tier
 * @param willDropTo the tier the review will give if nothing more is bought; null if the tier is kept
 * @param dropsAt when that happens (the period end plus grace)
 * @param toKeep how much more metric, counted by the period end, keeps the tier; null if it is kept already
 * @param earnedTier the tier earned by qualification (equal to {@code tier} unless there is an override)
 */
public record TierProgress(long memberId, TierRef tier, Metric metric, BigDecimal value, NextTier nextTier,
        BigDecimal missing, Instant periodEnd, TierRef willDropTo, Instant dropsAt, BigDecimal toKeep,
        TierOverride override, TierRef earnedTier) {

    public record TierRef(String code, String name, String colour) {

        static TierRef of(Tier tier) {
            return tier == null ? null : new TierRef(tier.code(), tier.name(), tier.colour());
        }
    }

    public record NextTier(String code, String name, BigDecimal threshold) {
    }

    /** A tier set by staff until a date, with the reason they gave. */
    public record TierOverride(String tierCode, Instant until, String reason, String by) {
    }

    /** How far the member is from the next tier, 0..100, for a progress bar. */
    public int percentToNext() {
        if (nextTier == null || nextTier.threshold().signum() <= 0) {
            return 100;
        }
        var percent = value.max(BigDecimal.ZERO).multiply(BigDecimal.valueOf(100))
                .divide(nextTier.threshold(), 0, java.math.RoundingMode.FLOOR).intValue();
        return Math.min(100, percent);
    }
}
