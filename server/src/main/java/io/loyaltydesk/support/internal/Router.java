package io.loyaltydesk.support.internal;

import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.ConversationChanged;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.RoutingRule;
import io.loyaltydesk.support.Team;
import io.loyaltydesk.tiers.Tier;
import io.loyaltydesk.tiers.Tiers;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sends conversations to teams by the routing rules and gives them to an agent of the team: round robin or by
 * capacity, only agents marked available and only while they have fewer NEW/OPEN conversations than their capacity.
 *
 * <p>Capacity holds under concurrency because the candidates' {@code support_agents} rows are locked (in username
 * order, so two routers never deadlock) before their load is counted: a second conversation arriving at the same
 * moment waits, then counts the first one.
 */
@Component
public class Router {

    static final Actor ROUTING = Actor.system("routing");

    private final JdbcClient jdbc;
    private final Conversations conversations;
    private final Tiers tiers;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Router(JdbcClient jdbc, Conversations conversations, Tiers tiers, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.tiers = tiers;
        this.clock = clock;
    }

    /** Applies the first matching rule, then auto-assignment within the team. Called as a conversation opens. */
    @Transactional
    public void route(long conversationId) {
        Actor.callAs(ROUTING, () -> {
            var conversation = conversations.get(conversationId);
            var tags = tags(conversationId);
            var rules = rules();
            Optional<String> tier = conversation.memberId() == null || rules.stream().allMatch(r -> r.tierCode() == null)
                    ? Optional.empty() : tiers.heldTier(new MemberId(conversation.memberId())).map(Tier::code);
            var rule = rules.stream().filter(r -> matches(r, conversation, tags, tier)).findFirst();
            if (rule.isEmpty()) {
                return null;
            }
            var team = team(rule.get().teamId());
            jdbc.sql("update conversations set team_id = :team where id = :id").param("team", team.id())
                    .param("id", conversationId).update();
            // a move to a team is a change like any other: the SLA follows the team's policy, live desks see it
            events.publishEvent(new ConversationChanged(conversation, conversations.get(conversationId)));
            conversations.addSystemLine(conversationId, "Routed to team " + team.name() + " by routing rule "
                    + rule.get().position() + describe(rule.get()));
            var priority = rule.get().priority();
            if (priority != null && priority.ordinal() > conversation.priority().ordinal()) {
                conversations.changePriority(conversationId, priority);
            }
            if (conversation.assignee() == null && team.assignment() != Team.Assignment.MANUAL) {
                pick(team).ifPresent(agent -> give(conversationId, agent));
            }
            return null;
        });
    }

    /** Routes a conversation that no team has yet, e.g. after a tag was added. */
    @Transactional
    public void routeIfUnrouted(long conversationId) {
        var unrouted = jdbc.sql("select team_id is null and status in ('NEW','OPEN') from conversations where id = :id")
                .param("id", conversationId).query(Boolean.class).optional().orElse(false);
        if (unrouted) {
            route(conversationId);
        }
    }

    /**
     * Gives an available agent their teams' waiting (unassigned NEW/OPEN) conversations, oldest first, until their
     * capacity is reached.
     *
     * @return how many they got
     */
    @Transactional
    public int fill(String username) {
        var agent = jdbc.sql("select available, capacity from support_agents where username = :user for update")
                .param("user", username).query((rs, n) -> rs.getBoolean("available") ? rs.getInt("capacity") : -1)
                .optional().orElse(-1);
        if (agent <= 0) {
            return 0;
        }
        long room = agent - openLoad(List.of(username)).getOrDefault(username, 0L);
        if (room <= 0) {
            return 0;
        }
        var waiting = jdbc.sql("""
                select c.id from conversations c
                 where c.assignee is null and c.status in ('NEW','OPEN')
                   and c.team_id in (select m.team_id from support_team_members m join support_teams t on t.id = m.team_id
                                      where m.username = :user and t.assignment <> 'MANUAL')
                 order by c.id
                 limit :room
                 for update of c skip locked
                """).param("user", username).param("room", room).query(Long.class).list();
        Actor.callAs(ROUTING, () -> {
            waiting.forEach(id -> give(id, username));
            return null;
        });
        return waiting.size();
    }

    /**
     * Gives an unassigned NEW or OPEN conversation to an agent of the team it is in now, the way the team assigns
     * (nobody for a MANUAL team). Used when a conversation is moved to another team; the routing rules are not
     * asked again.
     *
     * @return the agent it went to
     */
    @Transactional
    public Optional<String> assignWithinTeam(long conversationId) {
        var conversation = conversations.get(conversationId);
        long teamId = conversation.teamId() == null ? 0 : conversation.teamId();
        boolean waiting = conversation.assignee() == null && (conversation.status() == Conversation.Status.NEW
                || conversation.status() == Conversation.Status.OPEN);
        if (teamId == 0 || !waiting) {
            return Optional.empty();
        }
        var team = team(teamId);
        if (team.assignment() == Team.Assignment.MANUAL) {
            return Optional.empty();
        }
        return Actor.callAs(ROUTING, () -> {
            var agent = pick(team);
            agent.ifPresent(username -> give(conversationId, username));
            return agent;
        });
    }

    /** A solved (or pending) conversation frees room: the agent gets the next waiting one. */
    @EventListener
    void on(ConversationChanged changed) {
        var before = changed.before();
        var after = changed.after();
        boolean wasCounted = before.status() == Conversation.Status.NEW || before.status() == Conversation.Status.OPEN;
        boolean isCounted = after.status() == Conversation.Status.NEW || after.status() == Conversation.Status.OPEN;
        if (after.assignee() != null && after.assignee().equals(before.assignee()) && wasCounted && !isCounted) {
            fill(after.assignee());
        }
    }

    private Optional<String> pick(Team team) {
        // lock the candidates first, in a fixed order, then count: see the class comment
        var candidates = jdbc.sql("""
                select a.username, a.capacity, a.last_assigned_at
                  from support_agents a join support_team_members m on m.username = a.username
                 where m.team_id = :team and a.available and a.capacity > 0
                 order by a.username
                   for update of a
                """).param("team", team.id()).query((rs, n) -> new Candidate(rs.getString("username"),
                        rs.getInt("capacity"), instant(rs.getTimestamp("last_assigned_at")), 0)).list();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        var load = openLoad(candidates.stream().map(Candidate::username).toList());
        var withRoom = candidates.stream()
                .map(c -> new Candidate(c.username(), c.capacity(), c.lastAssignedAt(), load.getOrDefault(c.username(), 0L)))
                .filter(c -> c.open() < c.capacity()).toList();
        Comparator<Candidate> longestWaiting = Comparator.comparing(Candidate::lastAssignedAt,
                Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(Candidate::username);
        Comparator<Candidate> order = team.assignment() == Team.Assignment.CAPACITY
                ? Comparator.comparingDouble((Candidate c) -> (double) c.open() / c.capacity()).thenComparing(longestWaiting)
                : longestWaiting;
        return withRoom.stream().min(order).map(Candidate::username);
    }

    private record Candidate(String username, int capacity, Instant lastAssignedAt, long open) {
    }

    private void give(long conversationId, String username) {
        conversations.assign(conversationId, username);
        // strictly increasing, so two assignments in the same instant still rotate
        jdbc.sql("""
                update support_agents
                   set last_assigned_at = greatest(:now, coalesce((select max(last_assigned_at) from support_agents),
                                                                   :now) + interval '1 microsecond')
                 where username = :user
                """).param("now", Timestamp.from(clock.instant())).param("user", username).update();
    }

    private java.util.Map<String, Long> openLoad(List<String> usernames) {
        var load = new HashMap<String, Long>();
        jdbc.sql("""
                select assignee, count(*) as open from conversations
                 where assignee in (:users) and status in ('NEW','OPEN') group by assignee
                """).param("users", usernames).query((rs, n) -> load.put(rs.getString("assignee"), rs.getLong("open")))
                .list();
        return load;
    }

    private List<RoutingRule> rules() {
        return jdbc.sql("select * from support_routing_rules order by position, id").query((rs, n) -> {
            var channel = rs.getString("channel");
            var priority = rs.getString("priority");
            return new RoutingRule(rs.getLong("id"), rs.getInt("position"),
                    channel == null ? null : Conversation.Channel.valueOf(channel), rs.getString("tag"),
                    rs.getString("tier_code"), rs.getLong("team_id"),
                    priority == null ? null : Conversation.Priority.valueOf(priority));
        }).list();
    }

    private Team team(long id) {
        return jdbc.sql("select * from support_teams where id = :id").param("id", id)
                .query((rs, n) -> new Team(id, rs.getString("name"), rs.getString("supervisor"),
                        Team.Assignment.valueOf(rs.getString("assignment")), List.of())).single();
    }

    private List<String> tags(long conversationId) {
        return jdbc.sql("select tags from conversations where id = :id").param("id", conversationId)
                .query((rs, n) -> Arrays.asList((String[]) rs.getArray("tags").getArray())).single();
    }

    private static boolean matches(RoutingRule rule, Conversation conversation, List<String> tags, Optional<String> tier) {
        return (rule.channel() == null || rule.channel() == conversation.channel())
                && (rule.tag() == null || tags.contains(rule.tag()))
                && (rule.tierCode() == null || tier.filter(rule.tierCode()::equalsIgnoreCase).isPresent());
    }

    private static String describe(RoutingRule rule) {
        var conditions = new ArrayList<String>();
        if (rule.channel() != null) {
            conditions.add("channel " + rule.channel());
        }
        if (rule.tag() != null) {
            conditions.add("tag " + rule.tag());
        }
        if (rule.tierCode() != null) {
            conditions.add("tier " + rule.tierCode());
        }
        return conditions.isEmpty() ? "" : " (" + String.join(", ", conditions) + ")";
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
