package io.loyaltydesk.support.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.ConversationChanged;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.Team;
import io.loyaltydesk.support.Teams;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves a conversation to another team (or out of any), by hand: from the desk or the API's PATCH. The assignee
 * stays when they are an agent of the new team; otherwise the conversation is unassigned and, when it is waiting
 * (NEW or OPEN) and the new team assigns automatically, the router gives it to one of the new team's agents by
 * the team's assignment (round robin or capacity). The routing rules are not asked again: the agent chose the
 * team. Moving out of every team keeps the assignee. One transaction; system lines, audit, ConversationChanged.
 */
@Service
class TeamChanges {

    /** What the audit log records before and after a move: the team's name, null for none. */
    record TeamOf(String team) {
    }

    private final JdbcClient jdbc;
    private final Conversations conversations;
    private final Teams teams;
    private final Router router;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TeamChanges(JdbcClient jdbc, Conversations conversations, Teams teams, Router router, AuditTrail audit,
            ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.teams = teams;
        this.router = router;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** Moves the conversation to the team with {@code teamId}; null takes it out of any team. */
    @Transactional
    public Conversation move(long conversationId, Long teamId) {
        var before = conversations.lockForChange(conversationId);
        long current = before.teamId() == null ? 0 : before.teamId();
        Team to = teamId == null ? null : teams.find(teamId)
                .orElseThrow(() -> new CommandRefusedException.InvalidInput("team", "is not a team"));
        if (current == (to == null ? 0 : to.id())) {
            return before;
        }
        var from = current == 0 ? null : teams.find(current).orElse(null);
        jdbc.sql("update conversations set team_id = :team, updated_at = :now where id = :id")
                .param("team", to == null ? null : to.id())
                .param("now", Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS)))
                .param("id", conversationId).update();
        var who = Actor.current().name();
        conversations.addSystemLine(conversationId, to == null ? who + " took this out of team " + name(from)
                : from == null ? who + " moved this to team " + to.name()
                : who + " moved this from team " + from.name() + " to team " + to.name());
        audit.record("conversation.team-changed", "conversation", conversationId,
                new TeamOf(from == null ? null : from.name()), new TeamOf(to == null ? null : to.name()), null);
        events.publishEvent(new ConversationChanged(before, conversations.get(conversationId)));
        if (to != null && before.assignee() != null && !to.members().contains(before.assignee())) {
            conversations.assign(conversationId, null);
        }
        if (to != null) {
            router.assignWithinTeam(conversationId);
        }
        return conversations.get(conversationId);
    }

    /**
     * The team a client names: its id, or its name in any case; "" (or blank) for none.
     *
     * @return null for "no team"
     */
    @Transactional(readOnly = true)
    public Long resolve(String team) {
        if (team == null || team.isBlank()) {
            return null;
        }
        var wanted = team.strip();
        var all = teams.all();
        return all.stream().filter(t -> t.name().toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT)))
                .findFirst().or(() -> all.stream().filter(t -> Long.toString(t.id()).equals(wanted)).findFirst())
                .map(Team::id)
                .orElseThrow(() -> new CommandRefusedException.InvalidInput("team", "no team has the name or id "
                        + wanted));
    }

    private static String name(Team team) {
        return team == null ? "?" : team.name();
    }
}
