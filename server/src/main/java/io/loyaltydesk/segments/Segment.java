package io.loyaltydesk.segments;

import java.time.Instant;

/** A segment as every caller reads it, with how many members it holds. */
public record Segment(long id, String code, String name, String description, long memberCount, Instant createdAt,
        Instant updatedAt) {
}
