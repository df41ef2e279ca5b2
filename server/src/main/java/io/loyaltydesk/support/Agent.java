package io.loyaltydesk.support;

import java.time.Instant;

/** An agent's routing state: whether the router may give them conversations, and how many open ones at most. */
public record Agent(String username, boolean available, int capacity, Instant lastAssignedAt, long openNow) {
}
