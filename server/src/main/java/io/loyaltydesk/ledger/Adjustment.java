package io.loyaltydesk.ledger;

import java.time.Instant;

/** A manual correction of a member's points, applied at once or waiting for a second person's approval. */
public record Adjustment(long id, long memberId, long points, String reason, String comment, Status status,
        String requestedBy, String decidedBy, Instant decidedAt, Long transferId, Instant createdAt) {

    public enum Status { APPLIED, PENDING_APPROVAL, APPROVED, REJECTED }
}
