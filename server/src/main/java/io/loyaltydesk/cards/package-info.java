/**
 * Loyalty cards: the lifecycle of the plastic card numbers members show at the till. A card is active, blocked
 * (lost, stolen, damaged) or replaced by a new card that keeps the member's account and balance. Card numbers stay
 * identifiers of kind CARD in the members module (that is how purchases find the member); blocking retires the
 * identifier there, so a blocked number finds nobody and is never given to anyone else. Every change is audited
 * on the member. Listens to {@link io.loyaltydesk.members.MembersMerged} (cards follow the survivor) and
 * {@link io.loyaltydesk.members.MemberErased} (the card history goes).
 */
package io.loyaltydesk.cards;
