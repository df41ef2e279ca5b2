/**
 * The points ledger: double-entry, append-only transfers of integer amounts between accounts; lots that
 * remember what each earn added, when it becomes available and when it expires; reservations for the
 * till; adjustments with maker/checker approval; member-to-member transfers; expiry and maturation jobs;
 * and a reconciliation that proves the books balance. The same engine carries any asset (points, or a
 * currency in minor units for gift cards). Publishes {@link io.loyaltydesk.ledger.PointsExpired}.
 */
package io.loyaltydesk.ledger;
