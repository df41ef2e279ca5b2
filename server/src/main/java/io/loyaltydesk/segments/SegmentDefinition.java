package io.loyaltydesk.segments;

/** What staff say about a segment. The code ({@code [A-Z0-9_-]{2,40}}) is set once, when the segment is created. */
public record SegmentDefinition(String code, String name, String description) {
}
