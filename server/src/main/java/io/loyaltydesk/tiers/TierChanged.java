package io.loyaltydesk.tiers;

import java.time.Instant;

/**
 * The tier a member holds (with a staff override taken into account) changed.
 *
 * @param fromTier the code before, null if the program had no tier for the member
 * @param toTier the code after
 */
public record TierChanged(long memberId, String fromTier, String toTier, Reason reason, Instant at) {

    public enum Reason {
        /** A purchase took the metric over a higher tier's threshold. */
        UPGRADE,
        /** The review at the period's end (after grace) found a lower tier. */
        DOWNGRADE,
        /** Staff set a tier by hand. */
        OVERRIDE,
        /** A staff override ended (expired or was ended by staff). */
        OVERRIDE_ENDED
    }
}
