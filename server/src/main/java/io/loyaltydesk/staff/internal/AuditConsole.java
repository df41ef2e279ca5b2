package io.loyaltydesk.staff.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.KeysetPage;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.staff.AuditEntry;
import io.loyaltydesk.staff.AuditQuery;
import io.loyaltydesk.staff.AuditTrail;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The audit log page: who changed what, when and why, filtered and paged newest first. */
@Controller
@RequestMapping("/console/audit")
@PreAuthorize(Access.STAFF_AUDIT_READ)
class AuditConsole {

    private static final int PAGE_SIZE = 50;

    private final AuditTrail audit;
    private final JsonMapper json;
    private final MessageSource messages;

    AuditConsole(AuditTrail audit, JsonMapper json, MessageSource messages) {
        this.audit = audit;
        this.json = json;
        this.messages = messages;
    }

    /** One entry as the page shows it, with its states indented for reading. */
    record Row(AuditEntry entry, String before, String after) {

        public boolean memberLink() {
            return "member".equals(entry.entityType()) && entry.entityId() != null
                    && entry.entityId().chars().allMatch(Character::isDigit);
        }
    }

    @GetMapping
    String search(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
            @RequestParam(required = false) String entityType, @RequestParam(required = false) String entityId,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String cursor, Model model) {
        model.addAttribute("actor", actor);
        model.addAttribute("action", action);
        model.addAttribute("entityType", entityType);
        model.addAttribute("entityId", entityId);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("actions", audit.actions());
        // dates are read in the server's zone, the zone the page shows times in
        var zone = ZoneId.systemDefault();
        Instant fromInstant = day(from, "from", model);
        Instant toInstant = day(to, "to", model);
        if (model.getAttribute("searchError") != null) {
            model.addAttribute("page", null);
            return "staff/audit";
        }
        try {
            var query = new AuditQuery(actor, action, entityType, entityId,
                    fromInstant, toInstant == null ? null : toInstant.atZone(zone).plusDays(1).toInstant());
            KeysetPage<AuditEntry> page = audit.search(query, cursor, PAGE_SIZE);
            model.addAttribute("page", page.map(e -> new Row(e, pretty(e.before()), pretty(e.after()))));
        } catch (CommandRefusedException e) {
            model.addAttribute("page", null);
            model.addAttribute("searchError", text("auditlog.badCursor"));
        }
        return "staff/audit";
    }

    private Instant day(String text, String field, Model model) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip()).atStartOfDay(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            model.addAttribute("searchError", text("auditlog.badDate", text("auditlog." + field)));
            return null;
        }
    }

    private String pretty(String state) {
        if (state == null) {
            return null;
        }
        try {
            return json.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json.readTree(state));
        } catch (JacksonException e) {
            return state;
        }
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
