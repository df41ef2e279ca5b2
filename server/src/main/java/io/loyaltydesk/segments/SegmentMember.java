package io.loyaltydesk.segments;

import java.time.Instant;

/** A member's place in a segment: who added them and when. */
public record SegmentMember(long memberId, String addedBy, Instant addedAt) {
}
