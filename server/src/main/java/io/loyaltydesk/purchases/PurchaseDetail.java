package io.loyaltydesk.purchases;

import java.math.BigDecimal;
import java.util.List;

/** One purchase with its lines, for the member who made it: what was bought and which rule gave which points. */
public record PurchaseDetail(PurchaseSummary summary, List<Line> lines) {

    public record Line(String sku, String category, BigDecimal quantity, BigDecimal unitPrice, BigDecimal amount) {
    }
}
