package io.loyaltydesk.engagement;

import java.time.Instant;

/** A one-off gift of points to every member of a segment, as granted. */
public record Surprise(long id, String segmentCode, long points, String message, String grantedBy, int memberCount,
        Instant createdAt) {
}
