package io.loyaltydesk.purchases;

import java.util.List;

/**
 * The purchases of one batch that earned for a member, published once for the batch: its follow-ups run in one
 * transaction instead of one per purchase (see {@link PurchaseFollowUp}).
 */
public record PurchaseBatchRecorded(List<PurchaseRecorded> purchases) {

    public PurchaseBatchRecorded {
        purchases = List.copyOf(purchases);
    }
}
