package io.loyaltydesk.messaging;

import java.time.Instant;

/** One message in a member's in-app inbox; {@code link} is a portal path or null. */
public record Notification(long id, long memberId, String kind, String title, String body, String link,
        Instant readAt, Instant createdAt) {

    public boolean unread() {
        return readAt == null;
    }
}
