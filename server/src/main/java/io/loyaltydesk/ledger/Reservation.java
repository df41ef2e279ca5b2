package io.loyaltydesk.ledger;

import java.time.Instant;

/** Points held for a checkout until it is confirmed, cancelled, or times out. */
public record Reservation(long id, long memberId, long points, String reference, Status status, Instant expiresAt,
        Instant createdAt) {

    public enum Status { RESERVED, CONFIRMED, CANCELLED, EXPIRED }
}
