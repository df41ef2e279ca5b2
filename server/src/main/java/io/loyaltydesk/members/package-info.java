/**
 * Members and their identity: enrollment, identifiers (email, phone, card numbers, external ids),
 * profile, consent per channel, status, duplicate merge, data export and erasure on request. Every
 * change is audited. Publishes {@link io.loyaltydesk.members.MemberEnrolled},
 * {@link io.loyaltydesk.members.MembersMerged} and {@link io.loyaltydesk.members.MemberErased}.
 */
package io.loyaltydesk.members;
