package io.loyaltydesk.support;

/**
 * A missing-points claim as the member types it: the receipt number (the purchase's external id), optionally the
 * store's code, the day of the purchase (ISO date) and its total, and an optional note. Text, so that a bad field is
 * reported like any other.
 */
public record NewClaim(String receiptNumber, String storeCode, String purchasedOn, String amount, String note) {
}
