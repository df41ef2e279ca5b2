package io.loyaltydesk.rewards;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A reward of the catalog as every caller reads it.
 *
 * @param stockLeft null when the stock is unlimited
 * @param lowPool set when a reward with an imported code pool has fewer unused codes than {@code lowPoolThreshold}
 */
public record Reward(long id, String name, String description, Kind kind, ValueBand valueBand, long costPoints,
        Visibility visibility, List<String> tierCodes, List<String> segmentCodes, Status status, Instant validFrom, Instant validTo,
        Integer stockLeft, Integer limitPerMember, Long discountMinor, String currency, CodeSource codeSource,
        int codeLength, String codeAlphabet, Integer codeValidDays, int codeUsesMax, List<Long> storeIds,
        int lowPoolThreshold, boolean lowPool, boolean hasImage, int version, Instant createdAt, Instant updatedAt) {

    public enum Kind {
        VOUCHER_CODE, IN_STORE_ITEM, SHIPPED_ITEM, POINTS_DISCOUNT, CHARITY_DONATION;

        /** Kinds that hand the member a code to show at the till (or use online). */
        public boolean usesCodes() {
            return this == VOUCHER_CODE || this == IN_STORE_ITEM || this == POINTS_DISCOUNT;
        }
    }

    public enum ValueBand { HIGH, MEDIUM, LOW }

    /** Who sees the reward: everyone, members holding one of {@code tierCodes}, or members of one of {@code segmentCodes}. */
    public enum Visibility { PUBLIC, TIER, SEGMENT }

    public enum Status { ACTIVE, PAUSED, ARCHIVED }

    /** Where a reward's codes come from: none (shipped items, donations), generated, or an imported pool. */
    public enum CodeSource { NONE, GENERATED, POOL }

    public boolean unlimited() {
        return stockLeft == null;
    }

    /** Whether the reward can be redeemed at {@code now} (active and inside its validity window). */
    public boolean availableAt(Instant now) {
        return status == Status.ACTIVE && (validFrom == null || !now.isBefore(validFrom))
                && (validTo == null || now.isBefore(validTo));
    }

    /** Whether a member of the tier (null: unknown or none) and of no segment may see and redeem the reward. */
    public boolean visibleTo(String tierCode) {
        return visibleTo(tierCode, Set.of());
    }

    /** Whether a member holding the tier (null: unknown or none) and in the segments may see and redeem the reward. */
    public boolean visibleTo(String tierCode, Set<String> memberSegmentCodes) {
        return switch (visibility) {
            case PUBLIC -> true;
            case TIER -> tierCode != null && tierCodes.contains(tierCode);
            case SEGMENT -> segmentCodes.stream().anyMatch(memberSegmentCodes::contains);
        };
    }
}
