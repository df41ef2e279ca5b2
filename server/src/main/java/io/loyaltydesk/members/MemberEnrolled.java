package io.loyaltydesk.members;

/** A new member joined the program. */
public record MemberEnrolled(MemberId memberId, String source) {
}
