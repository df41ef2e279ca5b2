package io.loyaltydesk.support.internal;

import io.loyaltydesk.support.BusinessCalendar;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.ConversationChanged;
import io.loyaltydesk.support.Message;
import io.loyaltydesk.support.MessageAdded;
import io.loyaltydesk.support.ServiceLevels;
import io.loyaltydesk.support.SlaPolicy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps a conversation's SLA due times: first response and resolution from its opening, next response from each
 * member message an agent has not answered yet; all counted in the policy's business hours. Follows the support
 * events in their transaction, so the due times are never behind the thread.
 */
@Component
public class SlaTimers {

    /** The due times of a conversation; {@code dueAt} is the earliest one still to meet (null when none). */
    public record Due(Long policyId, Instant firstResponseDueAt, Instant nextResponseDueAt, Instant resolutionDueAt,
            Instant dueAt, Instant escalatedFor) {
    }

    private final JdbcClient jdbc;
    private final ServiceLevels levels;
    private final Clock clock;

    SlaTimers(JdbcClient jdbc, ServiceLevels levels, Clock clock) {
        this.jdbc = jdbc;
        this.levels = levels;
        this.clock = clock;
    }

    /** Puts a newly opened conversation under its team's policy, else the default policy (if there is one). */
    @Transactional
    public void start(long conversationId) {
        retarget(conversationId);
    }

    /**
     * Puts the conversation under the policy of the team it has now (the team's own, else the default) when that is
     * not the policy it counts under already. First response and resolution are then due as the new policy counts
     * them from the opening; a next response still owed is due as counted from the member's oldest unanswered
     * message. Without any policy the due times are cleared. See ADR 0018.
     */
    @Transactional
    public void retarget(long conversationId) {
        var current = jdbc.sql("select sla_policy_id, team_id from conversations where id = :id")
                .param("id", conversationId).query((rs, n) -> {
                    long policy = rs.getLong("sla_policy_id");
                    Long policyId = rs.wasNull() ? null : policy;
                    long team = rs.getLong("team_id");
                    return new Long[] {policyId, rs.wasNull() ? null : team};
                }).optional();
        if (current.isEmpty()) {
            return;
        }
        var policy = levels.policyFor(current.get()[1]);
        var policyId = policy.map(SlaPolicy::id).orElse(null);
        if (Objects.equals(policyId, current.get()[0])) {
            return;
        }
        if (policy.isEmpty()) {
            jdbc.sql("""
                    update conversations set sla_policy_id = null, first_response_due_at = null,
                                             next_response_due_at = null, resolution_due_at = null
                     where id = :id
                    """).param("id", conversationId).update();
            return;
        }
        jdbc.sql("update conversations set sla_policy_id = :policy where id = :id").param("policy", policyId)
                .param("id", conversationId).update();
        recompute(conversationId);
        // a next response owed: due from the member's oldest message after the last agent reply, as the new policy counts
        var waitingSince = jdbc.sql("""
                select min(m.created_at) from conversation_messages m
                 where m.conversation_id = :id and m.kind = 'FROM_MEMBER'
                   and m.id > (select coalesce(max(a.id), 0) from conversation_messages a
                                where a.conversation_id = :id and a.kind = 'FROM_AGENT')
                   and exists (select 1 from conversations c where c.id = :id and c.next_response_due_at is not null)
                """).param("id", conversationId).query((rs, n) -> instant(rs.getTimestamp(1))).optional();
        waitingSince.filter(Objects::nonNull).ifPresent(since -> withPolicy(conversationId,
                (p, calendar, priority) -> jdbc.sql("update conversations set next_response_due_at = :due where id = :id")
                        .param("due", ts(calendar.plus(since,
                                Duration.ofMinutes(p.targets().get(priority).nextResponseMinutes()))))
                        .param("id", conversationId).update()));
    }

    /** First response and resolution due again from the opening, for the current priority (after a change). */
    @Transactional
    public void recompute(long conversationId) {
        var found = jdbc.sql("""
                select sla_policy_id, priority, created_at from conversations where id = :id and sla_policy_id is not null
                """).param("id", conversationId).query((rs, n) -> new Object[] {rs.getLong("sla_policy_id"),
                        rs.getString("priority"), rs.getTimestamp("created_at").toInstant()}).optional();
        if (found.isEmpty()) {
            return;
        }
        var row = found.get();
        policy((Long) row[0]).ifPresent(policy -> {
            var target = policy.targets().get(Conversation.Priority.valueOf((String) row[1]));
            var calendar = levels.calendarOf(policy);
            var openedAt = (Instant) row[2];
            jdbc.sql("""
                    update conversations set first_response_due_at = :first, resolution_due_at = :resolution
                     where id = :id
                    """).param("first", ts(calendar.plus(openedAt, Duration.ofMinutes(target.firstResponseMinutes()))))
                    .param("resolution", ts(calendar.plus(openedAt, Duration.ofMinutes(target.resolutionMinutes()))))
                    .param("id", conversationId).update();
        });
    }

    @Transactional(readOnly = true)
    public Optional<Due> due(long conversationId) {
        return jdbc.sql("select * from conversations where id = :id").param("id", conversationId).query((rs, n) -> {
            long policy = rs.getLong("sla_policy_id");
            return new Due(rs.wasNull() ? null : policy, instant(rs.getTimestamp("first_response_due_at")),
                    instant(rs.getTimestamp("next_response_due_at")), instant(rs.getTimestamp("resolution_due_at")),
                    instant(rs.getTimestamp("sla_due_at")), instant(rs.getTimestamp("sla_escalated_for")));
        }).optional();
    }

    /** The time zone of the calendar the conversation's SLA counts in (the server's without one). */
    @Transactional(readOnly = true)
    public java.time.ZoneId zoneOf(long conversationId) {
        return jdbc.sql("select sla_policy_id from conversations where id = :id and sla_policy_id is not null")
                .param("id", conversationId).query(Long.class).optional().flatMap(levels::policy)
                .map(policy -> levels.calendarOf(policy).zone()).orElse(clock.getZone());
    }

    @EventListener
    void on(MessageAdded added) {
        var conversation = added.conversation();
        var kind = added.message().kind();
        if (kind == Message.Kind.FROM_AGENT) {
            jdbc.sql("update conversations set next_response_due_at = null where id = :id")
                    .param("id", conversation.id()).update();
        } else if (kind == Message.Kind.FROM_MEMBER && conversation.firstResponseAt() != null) {
            // the first response target covers everything the member wrote before it
            withPolicy(conversation.id(), (policy, calendar, priority) -> jdbc.sql("""
                    update conversations set next_response_due_at = coalesce(next_response_due_at, :due) where id = :id
                    """).param("due", ts(calendar.plus(added.message().createdAt(),
                            Duration.ofMinutes(policy.targets().get(priority).nextResponseMinutes()))))
                    .param("id", conversation.id()).update());
        }
    }

    @EventListener
    void on(ConversationChanged changed) {
        var before = changed.before();
        var after = changed.after();
        if (!Objects.equals(before.teamId(), after.teamId())) {
            // moved to another team, whose policy may differ (ADR 0018)
            retarget(after.id());
        }
        if (before.priority() != after.priority()) {
            recompute(after.id());
        }
        if (after.status() == Conversation.Status.PENDING || after.status() == Conversation.Status.ON_HOLD) {
            // waiting on the member or a third party: no reply is owed until the member writes
            jdbc.sql("update conversations set next_response_due_at = null where id = :id").param("id", after.id())
                    .update();
        }
        if (!before.status().active() && after.status().active()) {
            // reopened: the resolution clock starts again from now
            withPolicy(after.id(), (policy, calendar, priority) -> jdbc.sql("""
                    update conversations set resolution_due_at = :due where id = :id
                    """).param("due", ts(calendar.plus(clock.instant(),
                            Duration.ofMinutes(policy.targets().get(priority).resolutionMinutes()))))
                    .param("id", after.id()).update());
        }
    }

    private interface WithPolicy {
        void run(SlaPolicy policy, BusinessCalendar calendar, Conversation.Priority priority);
    }

    private void withPolicy(long conversationId, WithPolicy work) {
        jdbc.sql("select sla_policy_id, priority from conversations where id = :id and sla_policy_id is not null")
                .param("id", conversationId)
                .query((rs, n) -> new Object[] {rs.getLong("sla_policy_id"), rs.getString("priority")}).optional()
                .ifPresent(row -> policy((Long) row[0]).ifPresent(policy -> work.run(policy,
                        levels.calendarOf(policy), Conversation.Priority.valueOf((String) row[1]))));
    }

    private Optional<SlaPolicy> policy(Long id) {
        return id == null ? Optional.empty() : levels.policy(id)
                .filter(p -> p.targets().size() == Conversation.Priority.values().length);
    }

    private static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
