package io.loyaltydesk.rewards;

/** A reward's pool of imported codes fell below its threshold; someone should import more. */
public record RewardPoolRunningLow(long rewardId, String rewardName, long codesLeft, int threshold) {
}
