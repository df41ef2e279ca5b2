package io.loyaltydesk.support;

import io.loyaltydesk.purchases.PurchaseSummary;

/** An unassigned purchase with the claim's receipt number, and which of the claim's other details it matches. */
public record ClaimCandidate(PurchaseSummary purchase, boolean storeMatches, boolean dayMatches,
        boolean amountMatches) {

    /** Store (when the member gave one), day and amount all agree. */
    public boolean exact() {
        return storeMatches && dayMatches && amountMatches;
    }
}
