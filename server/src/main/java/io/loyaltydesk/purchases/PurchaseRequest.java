package io.loyaltydesk.purchases;

import java.math.BigDecimal;
import java.util.List;

/**
 * A purchase as a till or shop sends it. The member is named by one of memberId, cardNumber, email or
 * phone (tried in that order); with none, or an unknown one, the purchase is stored unassigned. occurredAt
 * is ISO-8601 text so that a bad one is reported like any other bad field.
 *
 * @param storeId the store's code
 */
public record PurchaseRequest(String externalId, String storeId, String channel, Long memberId, String cardNumber,
        String email, String phone, String occurredAt, String currency, BigDecimal totalAmount, List<Line> lines) {

    public record Line(String sku, String category, BigDecimal quantity, BigDecimal unitPrice, BigDecimal amount) {
    }
}
