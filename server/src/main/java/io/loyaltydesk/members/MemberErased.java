package io.loyaltydesk.members;

/** A member's personal data was erased on request; modules anonymise what they hold about them. */
public record MemberErased(MemberId memberId) {
}
