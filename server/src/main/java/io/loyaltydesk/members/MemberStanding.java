package io.loyaltydesk.members;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The few facts about a member that the intake of purchases needs, read in one query: whether the member may
 * earn, where a merged member lives on, and what the rules may ask about (birthday, enrollment date).
 */
public record MemberStanding(MemberId id, MemberStatus status, Long mergedInto, LocalDate birthDate,
        Instant createdAt) {

    public static MemberStanding of(Member member) {
        return new MemberStanding(member.id(), member.status(), member.mergedInto(), member.birthDate(),
                member.createdAt());
    }
}
