/**
 * Earning rules and promotions: conditions in CEL over the purchase, its lines, the member and the time;
 * effects (points per amount, per matching line, multiplier, fixed bonus) with caps, windows, stores,
 * priority and stacking; versions so that editing a rule never changes points already earned; in-memory
 * evaluation on compiled rules that explains every award; and simulation of a draft rule on past
 * purchases. Past purchases come through {@link io.loyaltydesk.rules.PastPurchases}, which the purchases
 * module implements.
 */
package io.loyaltydesk.rules;
