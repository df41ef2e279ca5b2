package io.loyaltydesk.ledger;

/** Unused points of a member expired. */
public record PointsExpired(long memberId, long points) {
}
