/**
 * Purchases and the till: purchase intake from POS and e-commerce (single and batch), idempotent by the
 * caller's receipt number; the rules turn a purchase into points on the ledger in the same transaction;
 * returns reverse points proportionally; unassigned purchases can be claimed later and then earn as of
 * their date; checkout quotes. Publishes {@link io.loyaltydesk.purchases.PurchaseRecorded} and
 * {@link io.loyaltydesk.purchases.PurchaseReturned}, and delivers each recorded purchase (or batch) to the other
 * modules' {@link io.loyaltydesk.purchases.PurchaseFollowUp}s in one transaction after it committed; implements the rules module's
 * {@link io.loyaltydesk.rules.PastPurchases} for simulations.
 */
package io.loyaltydesk.purchases;
