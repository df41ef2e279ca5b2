package io.loyaltydesk.ledger;

import java.time.Instant;
import java.util.List;

/**
 * A member's points at a glance. {@code debt} is what reversals took beyond the balance, paid back from
 * future earnings (0 or negative).
 */
public record Balance(long memberId, long available, long pending, long reserved, long debt, long lifetimeEarned,
        long lifetimeRedeemed, long lifetimeExpired, long expiringIn30Days, long expiringIn60Days,
        long expiringIn90Days, List<Upcoming> pendingPoints, List<Upcoming> expiringPoints) {

    /** Points that become available, or expire, at a date. */
    public record Upcoming(long points, Instant at) {
    }
}
