package io.loyaltydesk.rewards;

import java.time.Instant;

/** A member's use of a coupon: GRANTED (points credited), ACTIVATED (multiplier waiting for a purchase), USED. */
public record CouponUse(long memberId, long couponId, String code, Coupon.Kind kind, String status, Long points,
        Long purchaseId, Instant createdAt, Instant usedAt) {
}
