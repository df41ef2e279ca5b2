package io.loyaltydesk.purchases;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A purchase as the console and the support desk list it, with the points each rule gave. */
public record PurchaseSummary(long id, String externalId, Long memberId, String storeCode, String channel,
        Instant occurredAt, String currency, BigDecimal totalAmount, BigDecimal returnedAmount, long pointsEarned,
        long pointsReversed, List<PurchaseReceipt.AwardView> awards) {
}
