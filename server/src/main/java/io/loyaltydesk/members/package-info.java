/**
 * Members and their identity: enrollment, identifiers (email, phone, card numbers, external ids),
 * profile, consent per channel, status, duplicate merge, data export and erasure on request. Every
 * change is audited. A retired identifier (a blocked card, see the cards module) stays with its member so that
 * nobody else gets it, but no longer finds the member. Publishes {@link io.loyaltydesk.members.MemberEnrolled},
 * {@link io.loyaltydesk.members.MembersMerged} and {@link io.loyaltydesk.members.MemberErased}.
 */
package io.loyaltydesk.members;
