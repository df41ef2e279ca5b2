package io.loyaltydesk.ledger;

/** A member earned points (pending or available). */
public record PointsEarned(long memberId, long points, String sourceType, String sourceId) {
}
