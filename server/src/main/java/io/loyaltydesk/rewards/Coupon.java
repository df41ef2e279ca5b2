package io.loyaltydesk.rewards;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A promo code. POINTS coupons grant {@code points} when a member enters them; MULTIPLIER coupons are activated
 * and multiply the points of the member's next purchase by {@code factor}. Each member can use a coupon once;
 * {@code usesMax} caps the uses of all members together (null: no cap).
 */
public record Coupon(long id, String code, String name, Kind kind, Long points, BigDecimal factor, Instant validFrom,
        Instant validTo, Integer usesMax, int uses, boolean active, Instant createdAt) {

    public enum Kind { POINTS, MULTIPLIER }
}
