package io.loyaltydesk.staff.internal;

import io.loyaltydesk.platform.KeysetPage;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.AuditEntry;
import io.loyaltydesk.staff.AuditQuery;
import io.loyaltydesk.staff.AuditTrail;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit log", description = "Every change made by staff, API keys, members and the system")
class AuditApi {

    private final AuditTrail audit;
    private final JsonMapper json;

    AuditApi(AuditTrail audit, JsonMapper json) {
        this.audit = audit;
        this.json = json;
    }

    /** An audit entry with its states as JSON objects rather than text. */
    record AuditEntryView(long id, Instant occurredAt, Actor.Type actorType, String actorId, String actorName,
            String remoteAddr, String action, String entityType, String entityId, JsonNode before, JsonNode after,
            String reason) {
    }

    @GetMapping
    @PreAuthorize(Access.API_AUDIT_READ)
    @Operation(summary = "Browse the audit log", description = "Newest first. Filters: actor (part of the actor's "
            + "name), action (exact), entityType and entityId (exact), from (inclusive) and to (exclusive) as ISO "
            + "instants. Pass nextCursor back as cursor; limit is 1..200 (default 50).")
    KeysetPage<AuditEntryView> search(@RequestParam(required = false) String actor,
            @RequestParam(required = false) String action, @RequestParam(required = false) String entityType,
            @RequestParam(required = false) String entityId, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return audit.search(new AuditQuery(actor, action, entityType, entityId, from, to), cursor,
                KeysetPage.limit(limit, 50, 200)).map(this::view);
    }

    private AuditEntryView view(AuditEntry e) {
        return new AuditEntryView(e.id(), e.occurredAt(), e.actorType(), e.actorId(), e.actorName(), e.remoteAddr(),
                e.action(), e.entityType(), e.entityId(), tree(e.before()), tree(e.after()), e.reason());
    }

    private JsonNode tree(String state) {
        return state == null ? null : json.readTree(state);
    }
}
