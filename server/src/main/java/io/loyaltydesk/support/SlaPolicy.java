package io.loyaltydesk.support;

import java.util.Map;

/**
 * Service-level targets per priority, counted in the business time of a calendar (around the clock when
 * {@code calendarId} is null). New conversations get the default policy.
 */
public record SlaPolicy(long id, String name, Long calendarId, boolean isDefault,
        Map<Conversation.Priority, Target> targets) {

    /** Minutes of business time until the first agent reply, each next reply after the member wrote, and solving. */
    public record Target(int firstResponseMinutes, int nextResponseMinutes, int resolutionMinutes) {
    }
}
