package io.loyaltydesk.purchases;

import java.math.BigDecimal;

/** What a return took back. */
public record ReturnReceipt(long id, String externalId, String purchaseExternalId, BigDecimal amount,
        String currency, Reversed points, PurchaseReceipt.BalanceView balance) {

    /** @param toDebt points the member had already used, recovered from future earnings */
    public record Reversed(long reversed, long fromPending, long fromAvailable, long toDebt) {
    }
}
