/**
 * Rewards: the catalog (kinds, value bands, public or tier-exclusive visibility, validity windows, counted or
 * unlimited stock that is never oversold, per-member limits, images), redemption on the points ledger (reserve,
 * allocate stock and codes, confirm; cancellation refunds points and stock), fulfillment of shipped items,
 * voucher codes (generated from a configurable alphabet or imported pools with low-pool alerts) that stores
 * validate and redeem at the till, and coupon codes that grant points or multiply the next purchase's points.
 * Publishes {@link io.loyaltydesk.rewards.RewardRedeemed} and {@link io.loyaltydesk.rewards.RewardPoolRunningLow};
 * listens to {@link io.loyaltydesk.purchases.PurchaseRecorded} for multiplier coupons. Tier-exclusive rewards ask
 * an optional {@link io.loyaltydesk.rewards.MemberTiers} (to be implemented by the tiers module) for a member's
 * tier; segment-exclusive rewards wait for the segments module and are not offered yet.
 */
package io.loyaltydesk.rewards;
