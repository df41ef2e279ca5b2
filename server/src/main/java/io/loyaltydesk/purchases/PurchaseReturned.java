package io.loyaltydesk.purchases;

import java.math.BigDecimal;

/** Part or all of a member's purchase came back; {@code returnId} names this return, once. */
public record PurchaseReturned(long returnId, long purchaseId, long memberId, BigDecimal amount, long pointsReversed) {
}
