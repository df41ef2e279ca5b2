package io.loyaltydesk.purchases;

import java.math.BigDecimal;

/** Part or all of a member's purchase came back. */
public record PurchaseReturned(long purchaseId, long memberId, BigDecimal amount, long pointsReversed) {
}
