package io.loyaltydesk.staff;

import java.time.Instant;

/** One row of the audit log; before and after are JSON text (null when not applicable). */
public record AuditEntry(long id, Instant occurredAt, Actor.Type actorType, String actorId, String actorName,
        String action, String entityType, String entityId, String before, String after, String reason,
        String remoteAddr) {
}
