package io.loyaltydesk.rewards;

import java.time.Instant;
import java.util.List;

/**
 * A member's redemption of a reward. Code kinds start ISSUED (USED once every code was used at a till), shipped
 * items REQUESTED (then PACKED, SHIPPED with tracking, DELIVERED or RETURNED), donations COMPLETED. CANCELLED
 * and RETURNED redemptions gave their points and stock back.
 */
public record Redemption(long id, long memberId, long rewardId, String rewardName, Reward.Kind kind, int quantity,
        long points, Status status, List<String> codes, Instant codesExpireAt, String shippingAddress,
        String tracking, Instant createdAt, Instant updatedAt) {

    public enum Status {
        ISSUED, USED, COMPLETED, REQUESTED, PACKED, SHIPPED, DELIVERED, RETURNED, CANCELLED;

        public boolean cancellable() {
            return this == ISSUED || this == REQUESTED || this == PACKED;
        }
    }
}
