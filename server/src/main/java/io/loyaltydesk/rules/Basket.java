package io.loyaltydesk.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A purchase as the rules see it. Amounts are decimal money in {@code currency} (e.g. 7.00 EUR).
 *
 * @param storeCode the store's code, or null for online channels without a store
 * @param channel POS, ONLINE, APP, ...
 */
public record Basket(String externalId, String storeCode, String channel, Instant occurredAt, String currency,
        BigDecimal total, List<Line> lines) {

    /** One line of the basket. */
    public record Line(String sku, String category, BigDecimal quantity, BigDecimal unitPrice, BigDecimal amount) {
    }
}
