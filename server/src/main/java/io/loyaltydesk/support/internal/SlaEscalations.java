package io.loyaltydesk.support.internal;

import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What happens when an SLA target passes unmet: the priority goes up one step (up to URGENT), the team's supervisor
 * and the assignee are told in the desk, and the thread says so. Each due time escalates once; a later target (a
 * new member message) can escalate again.
 */
@Component
public class SlaEscalations {

    static final Actor SLA = Actor.system("sla");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm z", Locale.ENGLISH);

    private final JdbcClient jdbc;
    private final Conversations conversations;
    private final DeskNotifications notifications;
    private final SlaTimers timers;
    private final Clock clock;

    SlaEscalations(JdbcClient jdbc, Conversations conversations, DeskNotifications notifications, SlaTimers timers,
            Clock clock) {
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.notifications = notifications;
        this.timers = timers;
        this.clock = clock;
    }

    /**
     * Escalates up to {@code max} conversations whose earliest due time has passed, in one transaction; rows another
     * node is escalating are skipped.
     *
     * @return how many were escalated
     */
    @Transactional
    public int escalateDue(int max) {
        var now = clock.instant();
        var due = jdbc.sql("""
                select id from conversations
                 where sla_due_at <= :now and sla_escalated_for is distinct from sla_due_at
                 order by sla_due_at
                 limit :max
                   for update skip locked
                """).param("now", Timestamp.from(now)).param("max", max).query(Long.class).list();
        Actor.callAs(SLA, () -> {
            due.forEach(id -> escalate(id, now));
            return null;
        });
        return due.size();
    }

    private void escalate(long id, Instant now) {
        var before = conversations.get(id);
        var timesBefore = timers.due(id).orElseThrow();
        var missed = timesBefore.dueAt().equals(timesBefore.firstResponseDueAt()) && before.firstResponseAt() == null
                ? "first response" : timesBefore.dueAt().equals(timesBefore.nextResponseDueAt()) ? "next response"
                : "resolution";
        var raised = before.priority() == Conversation.Priority.URGENT ? null
                : Conversation.Priority.values()[before.priority().ordinal() + 1];
        if (raised != null) {
            conversations.changePriority(id, raised);
        }
        var recipients = new LinkedHashSet<String>();
        jdbc.sql("select t.supervisor from conversations c join support_teams t on t.id = c.team_id where c.id = :id")
                .param("id", id).query(String.class).optional().ifPresent(recipients::add);
        if (before.assignee() != null) {
            recipients.add(before.assignee());
        }
        var zone = timers.zoneOf(id);
        var text = "SLA breached: the " + missed + " was due " + WHEN.format(timesBefore.dueAt().atZone(zone))
                + (raised != null ? "; priority raised to " + raised : "; priority already URGENT")
                + (recipients.isEmpty() ? "" : "; told " + String.join(", ", recipients));
        conversations.addSystemLine(id, text);
        for (var recipient : recipients) {
            notifications.notify(recipient, DeskNotifications.Kind.ESCALATION, id,
                    "#" + id + " \"" + before.subject() + "\": " + text);
        }
        // after the priority change the due times may be earlier still; mark what is due now as escalated
        jdbc.sql("update conversations set sla_escalated_for = sla_due_at where id = :id").param("id", id).update();
    }
}
