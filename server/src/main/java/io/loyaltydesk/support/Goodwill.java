package io.loyaltydesk.support;

import io.loyaltydesk.ledger.Adjustment;

/** Goodwill points granted from a conversation: the ledger adjustment, applied or waiting for approval. */
public record Goodwill(Adjustment adjustment) {

    public boolean applied() {
        return adjustment.status() == Adjustment.Status.APPLIED;
    }
}
