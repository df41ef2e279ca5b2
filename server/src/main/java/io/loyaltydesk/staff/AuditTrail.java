package io.loyaltydesk.staff;

import io.loyaltydesk.platform.KeysetPage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only audit log. Modules record their changes here inside the transaction that makes the
 * change, so a change and its audit entry are written together or not at all.
 */
@Service
public class AuditTrail {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    AuditTrail(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records a change made by whoever is acting in this request (staff, API key or the system).
     *
     * @param before the state before the change, serialised to JSON; null for creations
     * @param after the state after the change; null for deletions
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String action, String entityType, Object entityId, Object before, Object after, String reason) {
        record(Actor.current(), action, entityType, entityId, before, after, reason);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Actor actor, String action, String entityType, Object entityId, Object before, Object after,
            String reason) {
        jdbc.sql("""
                insert into audit_log (occurred_at, actor_type, actor_id, actor_name, action, entity_type, entity_id,
                                       before_state, after_state, reason, remote_addr)
                values (:at, :actorType, :actorId, :actorName, :action, :entityType, :entityId,
                        cast(:before as jsonb), cast(:after as jsonb), :reason, :remoteAddr)
                """)
                .param("at", Timestamp.from(clock.instant()))
                .param("actorType", actor.type().name())
                .param("actorId", actor.id())
                .param("actorName", actor.name())
                .param("action", action)
                .param("entityType", entityType)
                .param("entityId", entityId == null ? null : entityId.toString())
                .param("before", toJson(before))
                .param("after", toJson(after))
                .param("reason", blankToNull(reason))
                .param("remoteAddr", actor.remoteAddr())
                .update();
    }

    /**
     * Replaces the recorded states of one entity with a redaction marker, for erasure requests. The
     * entries themselves (who, what, when) stay.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void redact(String entityType, Object entityId) {
        jdbc.sql("set local loyaltydesk.redaction = 'on'").update();
        jdbc.sql("""
                update audit_log
                   set before_state = case when before_state is null then null else '{"redacted":true}'::jsonb end,
                       after_state  = case when after_state  is null then null else '{"redacted":true}'::jsonb end
                 where entity_type = :type and entity_id = :id
                """)
                .param("type", entityType)
                .param("id", entityId.toString())
                .update();
        jdbc.sql("set local loyaltydesk.redaction = 'off'").update();
    }

    /** Newest first, keyset paginated on the entry id. */
    @Transactional(readOnly = true)
    public KeysetPage<AuditEntry> search(AuditQuery query, String cursor, int limit) {
        var where = new ArrayList<String>();
        var params = new HashMap<String, Object>();
        var after = KeysetPage.decode(cursor);
        if (after != null) {
            where.add("id < :after");
            params.put("after", after);
        }
        if (query.actorName() != null && !query.actorName().isBlank()) {
            where.add("actor_name ilike :actor");
            params.put("actor", "%" + query.actorName().strip() + "%");
        }
        if (query.action() != null && !query.action().isBlank()) {
            where.add("action = :action");
            params.put("action", query.action().strip());
        }
        if (query.entityType() != null && !query.entityType().isBlank()) {
            where.add("entity_type = :entityType");
            params.put("entityType", query.entityType().strip());
        }
        if (query.entityId() != null && !query.entityId().isBlank()) {
            where.add("entity_id = :entityId");
            params.put("entityId", query.entityId().strip());
        }
        if (query.from() != null) {
            where.add("occurred_at >= :from");
            params.put("from", Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            where.add("occurred_at < :to");
            params.put("to", Timestamp.from(query.to()));
        }
        var sql = "select * from audit_log" + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by id desc limit :limit";
        params.put("limit", limit + 1);
        List<AuditEntry> rows = jdbc.sql(sql).params(params).query(AuditTrail::entry).list();
        return KeysetPage.of(rows, limit, AuditEntry::id);
    }

    /** The distinct actions recorded so far, for filter drop-downs. */
    @Transactional(readOnly = true)
    public List<String> actions() {
        return jdbc.sql("select distinct action from audit_log order by action").query(String.class).list();
    }

    private static AuditEntry entry(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
                Actor.Type.valueOf(rs.getString("actor_type")), rs.getString("actor_id"), rs.getString("actor_name"),
                rs.getString("action"), rs.getString("entity_type"), rs.getString("entity_id"),
                rs.getString("before_state"), rs.getString("after_state"), rs.getString("reason"),
                rs.getString("remote_addr"));
    }

    private String toJson(Object state) {
        if (state == null) {
            return null;
        }
        return state instanceof String text ? text : json.writeValueAsString(state);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
