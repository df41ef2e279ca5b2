package io.loyaltydesk.rules.internal;

import io.loyaltydesk.rules.Rule;
import io.loyaltydesk.rules.RuleDefinition;
import io.loyaltydesk.rules.RuleStatus;
import io.loyaltydesk.rules.RuleVersion;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The SQL of the rules and their versions. */
@Repository
public class RuleStore {

    private static final String SELECT_RULE = """
            select r.id, r.status, r.current_version, r.created_at, r.updated_at, v.definition
              from rules r join rule_versions v on v.rule_id = r.id and v.version = r.current_version
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    RuleStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public long insert(RuleDefinition definition, RuleStatus status, String createdBy, Instant now) {
        long id = jdbc.sql("""
                insert into rules (status, current_version, name, kind, priority, created_at, updated_at)
                values (:status, 1, :name, :kind, :priority, :now, :now) returning id
                """)
                .param("status", status.name())
                .param("name", definition.name())
                .param("kind", definition.kind().name())
                .param("priority", definition.priority())
                .param("now", Timestamp.from(now))
                .query(Long.class).single();
        insertVersion(id, 1, definition, createdBy, now);
        return id;
    }

    /** Writes the next version and points the rule at it; the caller holds the rule's row lock. */
    public int addVersion(long id, RuleDefinition definition, String createdBy, Instant now) {
        int version = jdbc.sql("select current_version from rules where id = :id").param("id", id)
                .query(Integer.class).single() + 1;
        insertVersion(id, version, definition, createdBy, now);
        jdbc.sql("""
                update rules set current_version = :version, name = :name, kind = :kind, priority = :priority,
                                 updated_at = :now
                 where id = :id
                """)
                .param("version", version)
                .param("name", definition.name())
                .param("kind", definition.kind().name())
                .param("priority", definition.priority())
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
        return version;
    }

    public void setStatus(long id, RuleStatus status, Instant now) {
        jdbc.sql("update rules set status = :status, updated_at = :now where id = :id")
                .param("status", status.name()).param("now", Timestamp.from(now)).param("id", id).update();
    }

    private void insertVersion(long id, int version, RuleDefinition definition, String createdBy, Instant now) {
        jdbc.sql("""
                insert into rule_versions (rule_id, version, definition, created_by, created_at)
                values (:id, :version, cast(:definition as jsonb), :createdBy, :now)
                """)
                .param("id", id)
                .param("version", version)
                .param("definition", json.writeValueAsString(definition))
                .param("createdBy", createdBy)
                .param("now", Timestamp.from(now))
                .update();
    }

    public Optional<Rule> find(long id) {
        return jdbc.sql(SELECT_RULE + " where r.id = :id").param("id", id).query(this::rule).optional();
    }

    /** Locks the rule's row for a change, so two edits cannot both write version n+1. */
    public Optional<Rule> lock(long id) {
        return jdbc.sql(SELECT_RULE + " where r.id = :id for update of r").param("id", id).query(this::rule).optional();
    }

    /** All rules, highest priority first; a program has tens of rules, not thousands. */
    public List<Rule> all(RuleStatus status) {
        return jdbc.sql(SELECT_RULE + (status == null ? "" : " where r.status = :status")
                        + " order by r.priority desc, r.id")
                .params(status == null ? java.util.Map.of() : java.util.Map.of("status", status.name()))
                .query(this::rule).list();
    }

    public List<RuleVersion> versions(long id) {
        return jdbc.sql("""
                select rule_id, version, definition, created_by, created_at
                  from rule_versions where rule_id = :id order by version desc
                """)
                .param("id", id)
                .query((rs, n) -> new RuleVersion(rs.getLong("rule_id"), rs.getInt("version"),
                        definition(rs.getString("definition")), rs.getTimestamp("created_at").toInstant(),
                        rs.getString("created_by")))
                .list();
    }

    public Optional<RuleVersion> version(long id, int version) {
        return versions(id).stream().filter(v -> v.version() == version).findFirst();
    }

    private Rule rule(ResultSet rs, int row) throws SQLException {
        return new Rule(rs.getLong("id"), RuleStatus.valueOf(rs.getString("status")), rs.getInt("current_version"),
                definition(rs.getString("definition")), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private RuleDefinition definition(String text) {
        return json.readValue(text, RuleDefinition.class);
    }
}
