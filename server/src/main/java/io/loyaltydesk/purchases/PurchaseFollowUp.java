package io.loyaltydesk.purchases;

/**
 * Work another module does once a purchase has committed: tier activity, multiplier coupons, challenges and
 * referrals, the member's notice. The purchases module delivers every purchase to every follow-up from the
 * event outbox, all of them in <em>one</em> transaction per purchase, or per batch of purchases (instead of a
 * listener and a transaction per module and purchase), and retries until they succeed. So an implementation
 * must be idempotent (a purchase can be delivered again after a failure) and must take its row locks for one
 * member at a time: the purchases of a batch come sorted by member, so two batches lock in the same order.
 */
public interface PurchaseFollowUp {

    void purchaseRecorded(PurchaseRecorded purchase);
}
