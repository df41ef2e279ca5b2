package io.loyaltydesk.purchases;

import java.math.BigDecimal;
import java.time.Instant;

/** A purchase was recorded for a member (or claimed by one later) and earned its points. */
public record PurchaseRecorded(long purchaseId, long memberId, Instant occurredAt, BigDecimal totalAmount,
        String currency, String storeCode, long pointsEarned) {
}
