package io.loyaltydesk.ledger;

import java.time.Instant;

/** What an earn did: the transfer, and when the points become available and expire. */
public record Earned(long transferId, long points, Instant availableAt, Instant expiresAt, boolean pending) {
}
