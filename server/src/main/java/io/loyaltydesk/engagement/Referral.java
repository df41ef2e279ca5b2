package io.loyaltydesk.engagement;

import java.time.Instant;

/**
 * A member who joined with someone's code. {@code referredName} is the new member's first name (what the referrer
 * may see). A referral that did not qualify by {@code qualifyUntil} stays {@code JOINED} and is shown as expired.
 */
public record Referral(long memberId, String referredName, long referrerMemberId, String code, Status status,
        Instant joinedAt, Instant qualifyUntil, Instant qualifiedAt, Long purchaseId, long referrerPoints,
        long referredPoints, boolean capped) {

    public enum Status { JOINED, QUALIFIED }

    /** Whether the window to qualify closed without a qualifying purchase. */
    public boolean expiredAt(Instant now) {
        return status == Status.JOINED && now.isAfter(qualifyUntil);
    }
}
