/**
 * Segments: named groups of members that rewards (and later campaigns) can be aimed at. Rule segments and RFM come
 * later; today: static segments, members added by staff, the API or CSV (a member number or email per line).
 * Every change is audited. Implements {@link io.loyaltydesk.rewards.MemberSegments} so that segment-exclusive
 * rewards see which segments a member is in; listens to {@link io.loyaltydesk.members.MembersMerged} (the survivor
 * takes over the duplicate's segments) and {@link io.loyaltydesk.members.MemberErased} (an erased member leaves all
 * segments).
 */
package io.loyaltydesk.segments;
