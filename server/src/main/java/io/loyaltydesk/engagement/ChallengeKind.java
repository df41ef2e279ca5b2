package io.loyaltydesk.engagement;

/**
 * What a challenge counts, always over the purchases inside its active dates and net of returns (a purchase
 * returned in full does not count, a partial return lowers the spend pro rata).
 */
public enum ChallengeKind {
    /** Purchases (visits); the target is how many. */
    VISITS,
    /** Consecutive calendar weeks (Monday to Sunday) with at least one purchase; the target is how many weeks. */
    STREAK_WEEKS,
    /** Money spent on lines of one category; the target is the amount. */
    CATEGORY_SPEND,
    /** Different stores with a purchase; the target is how many stores. */
    STORES;

    public boolean countsWholeNumbers() {
        return this != CATEGORY_SPEND;
    }
}
