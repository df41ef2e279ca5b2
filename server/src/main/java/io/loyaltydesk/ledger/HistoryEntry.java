package io.loyaltydesk.ledger;

import java.time.Instant;

/**
 * One line of a member's points history, signed from the member's side. Moves between the member's own accounts
 * (maturing, holds, paying back a debt) are signed by what they do to the available points: MATURE and RELEASE
 * add, RESERVE and RECOVER take.
 *
 * @param pendingUntil for earnings still in their return window, when they become available
 */
public record HistoryEntry(long id, EntryCode code, long points, String explanation, Instant occurredAt,
        Instant recordedAt, String sourceType, String sourceId, Long ruleId, Integer ruleVersion, String actor,
        Long correctsId, Instant pendingUntil) {
}
