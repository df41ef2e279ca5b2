package io.loyaltydesk.purchases;

import java.util.List;

/**
 * Work another module does once a purchase has committed: tier activity, multiplier coupons, challenges and
 * referrals, the member's notice. The purchases module delivers every purchase to every follow-up from the
 * event outbox, all of them in <em>one</em> transaction per purchase, or per batch of purchases (instead of a
 * listener and a transaction per module and purchase), and retries until they succeed. So an implementation
 * must be idempotent (a purchase can be delivered again after a failure) and should lock rows of the purchase's
 * member only. The purchases of a batch come sorted by member, and batches queue behind each other; a follow-up
 * that books points also locks one of the program's shared accounts, which can still deadlock with a single
 * purchase's transaction: the batch is then worked off purchase by purchase (see PurchaseFollowUps).
 */
public interface PurchaseFollowUp {

    void purchaseRecorded(PurchaseRecorded purchase);

    /**
     * The purchases of a batch, sorted by member and then purchase, in the batch's one transaction. An
     * implementation should do in a handful of statements for the whole list what {@link #purchaseRecorded} does
     * for each, with the same result as calling it for each purchase in this order (several purchases of one
     * member included), and be idempotent in the same way. The default calls {@link #purchaseRecorded} for each.
     */
    default void purchasesRecorded(List<PurchaseRecorded> purchases) {
        purchases.forEach(this::purchaseRecorded);
    }
}
