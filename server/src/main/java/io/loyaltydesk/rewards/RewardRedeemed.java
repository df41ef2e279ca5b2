package io.loyaltydesk.rewards;

/** A member redeemed a reward (points spent, stock and codes allocated). */
public record RewardRedeemed(long redemptionId, long memberId, long rewardId, int quantity, long points) {
}
