package io.loyaltydesk.cards;

import io.loyaltydesk.members.MemberId;
import java.time.Instant;

/**
 * One loyalty card of a member.
 *
 * @param blockReason why the card was blocked; set once it is blocked (also when it was replaced)
 * @param blockedAt when it was blocked
 * @param blockedBy who blocked it (staff name, API key or the member in the portal)
 * @param replacedBy the number of the card that replaced this one
 * @param replaces the number of the card this one replaced
 * @param issuedAt when the card was given to the member (for cards from enrollment: when the number was added)
 */
public record Card(MemberId memberId, String number, CardStatus status, BlockReason blockReason, String comment,
        Instant blockedAt, String blockedBy, String replacedBy, String replaces, Instant issuedAt, String issuedBy) {

    public boolean active() {
        return status == CardStatus.ACTIVE;
    }
}
