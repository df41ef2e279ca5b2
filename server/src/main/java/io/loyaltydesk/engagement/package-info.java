/**
 * Engagement: referral codes with two-sided rewards ({@link io.loyaltydesk.engagement.Referrals}), badges earned
 * by completing challenges ({@link io.loyaltydesk.engagement.Challenges}: visits, weekly streaks, spend in a
 * category, different stores) and surprise points for a segment ({@link io.loyaltydesk.engagement.Surprises}).
 * It keeps its own copy of purchase activity, fed by {@link io.loyaltydesk.purchases.PurchaseRecorded} and
 * {@link io.loyaltydesk.purchases.PurchaseReturned}, follows {@link io.loyaltydesk.members.MembersMerged}, and gives
 * every point through the
 * {@link io.loyaltydesk.ledger.PointsLedger} with a plain-language explanation. Each reward is given once: a
 * referral qualifies under its row lock, a badge is a row with the member and the challenge as its key, a surprise
 * grant a row with the member and the surprise as its key, so replayed events and repeated requests change nothing.
 */
package io.loyaltydesk.engagement;
