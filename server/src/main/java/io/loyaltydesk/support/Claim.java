package io.loyaltydesk.support;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The typed part of a conversation: what a member claimed in it. A MISSING_POINTS claim names the receipt the member
 * got no points for; once an agent attaches the matching unassigned purchase, {@code purchaseId} and
 * {@code pointsEarned} say which purchase it was and what it earned.
 */
public record Claim(long conversationId, long memberId, Kind kind, String receiptNumber, String storeCode,
        LocalDate purchasedOn, BigDecimal amount, String note, Long purchaseId, Long pointsEarned, String attachedBy,
        Instant attachedAt, Instant createdAt) {

    public enum Kind { MISSING_POINTS }

    public boolean attached() {
        return purchaseId != null;
    }
}
