package io.loyaltydesk.purchases;

import java.time.Instant;
import java.util.List;

/** The answer to a recorded purchase: what it earned and why, and the member's balance after it. */
public record PurchaseReceipt(long id, String externalId, Long memberId, boolean assigned, Points points,
        List<AwardView> awards, BalanceView balance) {

    /** @param availableAt when the earned points become spendable (end of the return window) */
    public record Points(long earned, Instant availableAt) {
    }

    public record AwardView(long ruleId, int ruleVersion, String ruleName, long points, String explanation) {
    }

    public record BalanceView(long available, long pending, long reserved, long debt) {
    }
}
