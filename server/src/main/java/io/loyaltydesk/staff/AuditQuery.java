package io.loyaltydesk.staff;

import java.time.Instant;

/** Filters for browsing the audit log; any may be null. */
public record AuditQuery(String actorName, String action, String entityType, String entityId, Instant from,
        Instant to) {

    public static AuditQuery forEntity(String entityType, String entityId) {
        return new AuditQuery(null, null, entityType, entityId, null, null);
    }
}
