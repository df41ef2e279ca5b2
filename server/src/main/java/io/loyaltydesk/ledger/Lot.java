package io.loyaltydesk.ledger;

import java.time.Instant;

/** What one earn (or credit) added to a member, and what is left of it. */
public record Lot(long id, long transferId, long amount, long remaining, Instant availableAt, Instant expiresAt,
        boolean matured) {
}
