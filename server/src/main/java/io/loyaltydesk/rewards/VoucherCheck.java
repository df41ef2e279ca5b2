package io.loyaltydesk.rewards;

import java.time.Instant;

/** What a till learns about a voucher code: the reward, whose it is, and whether it was just redeemed. */
public record VoucherCheck(String code, long rewardId, String rewardName, Reward.Kind kind, Long memberId,
        Long redemptionId, String status, Instant expiresAt, int usesLeft, Long discountMinor, String currency) {
}
