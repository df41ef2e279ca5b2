package io.loyaltydesk.rewards;

/** Filters of the redemption list; null fields do not filter. */
public record RedemptionSearch(Redemption.Status status, Long rewardId, Long memberId) {
}
