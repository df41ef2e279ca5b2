package io.loyaltydesk.purchases;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * A purchase was recorded for a member (or claimed by one later) and earned its points.
 *
 * @param spendByCategory the amount spent per line category (upper case, lines without a category left out), so
 *     that the modules that follow up need not read the purchase again; null when not known (an event written
 *     before it was added, or published by hand), then a follow-up reads the purchase's lines
 */
public record PurchaseRecorded(long purchaseId, long memberId, Instant occurredAt, BigDecimal totalAmount,
        String currency, String storeCode, long pointsEarned, Map<String, BigDecimal> spendByCategory) {

    public PurchaseRecorded {
        // sorted: the outbox finds a redelivered event by its serialised text, which must come out the same
        spendByCategory = spendByCategory == null ? null
                : java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(spendByCategory));
    }

    /** A purchase whose spend per category is not given (a follow-up reads the purchase's lines). */
    public PurchaseRecorded(long purchaseId, long memberId, Instant occurredAt, BigDecimal totalAmount,
            String currency, String storeCode, long pointsEarned) {
        this(purchaseId, memberId, occurredAt, totalAmount, currency, storeCode, pointsEarned, null);
    }
}
