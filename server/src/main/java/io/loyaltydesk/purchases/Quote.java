package io.loyaltydesk.purchases;

import java.math.BigDecimal;
import java.util.List;

/** What a basket would earn and what the member could pay with points, computed without side effects. */
public record Quote(Long memberId, long pointsToEarn, List<PurchaseReceipt.AwardView> awards, long pointsAvailable,
        BigDecimal pointValueMinor, long availableValueMinor, String currency) {
}
