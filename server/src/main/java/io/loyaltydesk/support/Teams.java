package io.loyaltydesk.support;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.support.internal.Router;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Support teams, their agents' availability and capacity, and the routing rules that send new conversations to a
 * team. The router itself follows {@link ConversationOpened}; making an agent available hands them the team's
 * waiting conversations up to their capacity. Every change is audited.
 */
@Service
public class Teams {

    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}._@-]{1,100}");

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final Router router;

    Teams(JdbcClient jdbc, AuditTrail audit, Clock clock, Router router) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.router = router;
    }

    // ---- teams

    /** Creates a team, or updates the one with {@code id}; members are staff usernames. */
    @Transactional
    public Team save(Long id, String name, String supervisor, Team.Assignment assignment, List<String> members) {
        var problems = new ArrayList<FieldProblem>();
        var cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > 100) {
            problems.add(new FieldProblem("name", "is required, at most 100 characters"));
        }
        var cleanSupervisor = supervisor == null || supervisor.isBlank() ? null : supervisor.strip();
        if (cleanSupervisor != null && !USERNAME.matcher(cleanSupervisor).matches()) {
            problems.add(new FieldProblem("supervisor", "is not a staff username"));
        }
        if (assignment == null) {
            problems.add(new FieldProblem("assignment", "is required: MANUAL, ROUND_ROBIN or CAPACITY"));
        }
        var cleanMembers = new LinkedHashSet<String>();
        for (var member : members == null ? List.<String>of() : members) {
            if (member == null || member.isBlank()) {
                continue;
            }
            if (!USERNAME.matcher(member.strip()).matches()) {
                problems.add(new FieldProblem("members", "'" + member.strip() + "' is not a staff username"));
            }
            cleanMembers.add(member.strip());
        }
        var clash = jdbc.sql("select id from support_teams where lower(name) = lower(:name)").param("name", cleanName)
                .query(Long.class).optional();
        if (clash.isPresent() && !clash.get().equals(id)) {
            problems.add(new FieldProblem("name", "another team has this name"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var now = Timestamp.from(clock.instant());
        var before = id == null ? null : get(id);
        long teamId = id == null
                ? jdbc.sql("""
                        insert into support_teams (name, supervisor, assignment, created_at, updated_at)
                        values (:name, :supervisor, :assignment, :now, :now) returning id
                        """).param("name", cleanName).param("supervisor", cleanSupervisor)
                        .param("assignment", assignment.name()).param("now", now).query(Long.class).single()
                : id;
        if (id != null) {
            jdbc.sql("""
                    update support_teams set name = :name, supervisor = :supervisor, assignment = :assignment,
                           updated_at = :now where id = :id
                    """).param("name", cleanName).param("supervisor", cleanSupervisor)
                    .param("assignment", assignment.name()).param("now", now).param("id", id).update();
            jdbc.sql("delete from support_team_members where team_id = :id").param("id", id).update();
        }
        for (var member : cleanMembers) {
            jdbc.sql("insert into support_team_members (team_id, username, created_at) values (:team, :user, :now)")
                    .param("team", teamId).param("user", member).param("now", now).update();
            ensureAgent(member, now);
        }
        var after = get(teamId);
        audit.record(id == null ? "support.team-created" : "support.team-changed", "support-team", teamId, before,
                after, null);
        return after;
    }

    @Transactional
    public void delete(long id) {
        var before = get(id);
        jdbc.sql("delete from support_teams where id = :id").param("id", id).update();
        audit.record("support.team-deleted", "support-team", id, before, null, null);
    }

    @Transactional(readOnly = true)
    public Team get(long id) {
        return find(id).orElseThrow(() -> new CommandRefusedException.NotFound("Team", id));
    }

    @Transactional(readOnly = true)
    public Optional<Team> find(long id) {
        return jdbc.sql("""
                select t.*, coalesce(array(select username from support_team_members m where m.team_id = t.id
                                           order by username), '{}') as members
                  from support_teams t where t.id = :id
                """).param("id", id).query((rs, n) -> team(rs)).optional();
    }

    @Transactional(readOnly = true)
    public List<Team> all() {
        return jdbc.sql("""
                select t.*, coalesce(array(select username from support_team_members m where m.team_id = t.id
                                           order by username), '{}') as members
                  from support_teams t order by lower(t.name)
                """).query((rs, n) -> team(rs)).list();
    }

    /** The teams an agent belongs to. */
    @Transactional(readOnly = true)
    public List<Team> of(String username) {
        return all().stream().filter(t -> t.members().contains(username)).toList();
    }

    // ---- agents

    /**
     * Marks an agent available (the router may give them conversations) or away. Becoming available hands them
     * their teams' waiting conversations, oldest first, up to their capacity.
     *
     * @return how many conversations they were given now
     */
    @Transactional
    public int setAvailable(String username, boolean available) {
        requireUsername(username);
        var now = Timestamp.from(clock.instant());
        ensureAgent(username, now);
        jdbc.sql("update support_agents set available = :available, updated_at = :now where username = :user")
                .param("available", available).param("now", now).param("user", username).update();
        audit.record(available ? "support.agent-available" : "support.agent-away", "support-agent", username, null,
                null, null);
        return available ? router.fill(username) : 0;
    }

    /** How many NEW or OPEN conversations the router gives the agent at most. */
    @Transactional
    public Agent setCapacity(String username, int capacity) {
        requireUsername(username);
        if (capacity < 0 || capacity > 1000) {
            throw new CommandRefusedException.InvalidInput("capacity", "must be between 0 and 1000");
        }
        var now = Timestamp.from(clock.instant());
        ensureAgent(username, now);
        var before = agent(username);
        jdbc.sql("update support_agents set capacity = :capacity, updated_at = :now where username = :user")
                .param("capacity", capacity).param("now", now).param("user", username).update();
        var after = agent(username);
        audit.record("support.agent-capacity", "support-agent", username, before, after, null);
        if (after.available() && after.capacity() > before.capacity()) {
            router.fill(username);
        }
        return agent(username);
    }

    @Transactional(readOnly = true)
    public Agent agent(String username) {
        return jdbc.sql(AGENTS + " where a.username = :user").param("user", username).query(Teams::agent).optional()
                .orElse(new Agent(username, false, 0, null, 0));
    }

    @Transactional(readOnly = true)
    public List<Agent> agents() {
        return jdbc.sql(AGENTS + " order by a.username").query(Teams::agent).list();
    }

    // ---- rules

    /** Adds a rule at the end of the list (or at {@code position}). */
    @Transactional
    public RoutingRule addRule(Integer position, Conversation.Channel channel, String tag, String tierCode,
            long teamId, Conversation.Priority priority) {
        var problems = new ArrayList<FieldProblem>();
        var cleanTag = tag == null || tag.isBlank() ? null : ConversationTags.normalise(tag);
        if (tag != null && !tag.isBlank() && cleanTag == null) {
            problems.add(new FieldProblem("tag", ConversationTags.TAG_RULE));
        }
        var cleanTier = tierCode == null || tierCode.isBlank() ? null : tierCode.strip();
        if (find(teamId).isEmpty()) {
            problems.add(new FieldProblem("team", "does not exist"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        int at = position != null ? position
                : jdbc.sql("select coalesce(max(position), 0) + 10 from support_routing_rules").query(Integer.class)
                        .single();
        long id = jdbc.sql("""
                insert into support_routing_rules (position, channel, tag, tier_code, team_id, priority, created_at)
                values (:position, :channel, :tag, :tier, :team, :priority, :now) returning id
                """).param("position", at).param("channel", channel == null ? null : channel.name())
                .param("tag", cleanTag).param("tier", cleanTier).param("team", teamId)
                .param("priority", priority == null ? null : priority.name())
                .param("now", Timestamp.from(clock.instant())).query(Long.class).single();
        var rule = rules().stream().filter(r -> r.id() == id).findFirst().orElseThrow();
        audit.record("support.routing-rule-added", "routing-rule", id, null, rule, null);
        return rule;
    }

    @Transactional
    public void deleteRule(long id) {
        var before = rules().stream().filter(r -> r.id() == id).findFirst()
                .orElseThrow(() -> new CommandRefusedException.NotFound("Routing rule", id));
        jdbc.sql("delete from support_routing_rules where id = :id").param("id", id).update();
        audit.record("support.routing-rule-deleted", "routing-rule", id, before, null, null);
    }

    /** In the order they are tried. */
    @Transactional(readOnly = true)
    public List<RoutingRule> rules() {
        return jdbc.sql("select * from support_routing_rules order by position, id").query((rs, n) -> {
            var channel = rs.getString("channel");
            var priority = rs.getString("priority");
            return new RoutingRule(rs.getLong("id"), rs.getInt("position"),
                    channel == null ? null : Conversation.Channel.valueOf(channel), rs.getString("tag"),
                    rs.getString("tier_code"), rs.getLong("team_id"),
                    priority == null ? null : Conversation.Priority.valueOf(priority));
        }).list();
    }

    // ---- internals

    private static final String AGENTS = """
            select a.*, (select count(*) from conversations c
                          where c.assignee = a.username and c.status in ('NEW','OPEN')) as open_now
              from support_agents a""";

    private void ensureAgent(String username, Timestamp now) {
        jdbc.sql("""
                insert into support_agents (username, created_at, updated_at) values (:user, :now, :now)
                on conflict (username) do nothing
                """).param("user", username).param("now", now).update();
    }

    private static void requireUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new CommandRefusedException.InvalidInput("username", "is not a staff username");
        }
    }

    private static Team team(java.sql.ResultSet rs) throws java.sql.SQLException {
        var members = (String[]) rs.getArray("members").getArray();
        return new Team(rs.getLong("id"), rs.getString("name"), rs.getString("supervisor"),
                Team.Assignment.valueOf(rs.getString("assignment")), Arrays.asList(members));
    }

    private static Agent agent(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        var last = rs.getTimestamp("last_assigned_at");
        return new Agent(rs.getString("username"), rs.getBoolean("available"), rs.getInt("capacity"),
                last == null ? null : last.toInstant(), rs.getLong("open_now"));
    }
}
