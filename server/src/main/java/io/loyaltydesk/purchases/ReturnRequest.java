package io.loyaltydesk.purchases;

import java.math.BigDecimal;
import java.util.List;

/** A return of some lines (by sku and quantity) or of an amount of a recorded purchase. */
public record ReturnRequest(String externalId, List<Line> lines, BigDecimal amount) {

    public record Line(String sku, BigDecimal quantity) {
    }
}
