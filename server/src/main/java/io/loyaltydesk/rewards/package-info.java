/**
 * Rewards: the catalog (kinds, value bands, public, tier-exclusive or segment-exclusive visibility, validity
 * windows, counted or unlimited stock that is never oversold, per-member limits, images), redemption on the points
 * ledger (reserve, allocate stock and codes, confirm; cancellation refunds points and stock), fulfillment of
 * shipped items, voucher codes (generated from a configurable alphabet or imported pools with low-pool alerts) that
 * stores validate and redeem at the till, and coupon codes that grant points or multiply the next purchase's points.
 * Publishes {@link io.loyaltydesk.rewards.RewardRedeemed} and {@link io.loyaltydesk.rewards.RewardPoolRunningLow};
 * listens to {@link io.loyaltydesk.purchases.PurchaseRecorded} for multiplier coupons.
 *
 * <p>Visibility: a PUBLIC reward is for everyone; a TIER reward for members holding one of its {@code tierCodes},
 * asked of an optional {@link io.loyaltydesk.rewards.MemberTiers} (implemented by the tiers module); a SEGMENT
 * reward for members of one of its {@code segmentCodes}, asked of an optional
 * {@link io.loyaltydesk.rewards.MemberSegments} (implemented by the segments module). Codes are stored as text, not
 * checked against the other module, so that rewards depend on neither. Redemption refuses an exclusive reward to
 * anyone else ({@code tier-exclusive}, {@code segment-exclusive}) before points or stock are touched; the catalog
 * lists what one member may see with {@link io.loyaltydesk.rewards.RewardCatalog#visibleTo}.
 */
package io.loyaltydesk.rewards;
