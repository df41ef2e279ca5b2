package io.loyaltydesk.members;

/** {@code duplicate} was merged into {@code survivor}; modules that hold member data move it across. */
public record MembersMerged(MemberId survivor, MemberId duplicate) {
}
