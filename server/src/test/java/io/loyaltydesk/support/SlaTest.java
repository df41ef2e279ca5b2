package io.loyaltydesk.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.internal.DeskNotifications;
import io.loyaltydesk.support.internal.Inbox;
import io.loyaltydesk.support.internal.InboxView;
import io.loyaltydesk.support.internal.SlaEscalations;
import io.loyaltydesk.support.internal.SlaTimers;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** SLA timers in business hours on the controlled clock, across a night and a weekend, and their escalation. */
class SlaTest extends ConversationTestSupport {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired
    ServiceLevels levels;

    @Autowired
    SlaTimers timers;

    @Autowired
    SlaEscalations escalations;

    @Autowired
    Teams teams;

    @Autowired
    DeskNotifications notifications;

    @Autowired
    Inbox inbox;

    @Autowired
    JdbcClient jdbc;

    private Instant restore;

    @BeforeEach
    void fridayAfternoonWithAPolicy() {
        restore = clock.instant();
        long n = unique();
        var week = new EnumMap<DayOfWeek, List<BusinessCalendar.Hours>>(DayOfWeek.class);
        for (var day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            week.put(day, List.of(new BusinessCalendar.Hours(LocalTime.of(9, 0), LocalTime.of(17, 0))));
        }
        Actor.callAs(Actor.system("test"), () -> {
            var calendar = levels.saveCalendar("Office " + n, "Europe/Berlin", week,
                    Map.of(LocalDate.parse("2027-12-27"), "Boxing day off"));
            var targets = new EnumMap<Conversation.Priority, SlaPolicy.Target>(Conversation.Priority.class);
            targets.put(Conversation.Priority.LOW, new SlaPolicy.Target(240, 240, 2400));
            targets.put(Conversation.Priority.NORMAL, new SlaPolicy.Target(60, 30, 960));
            targets.put(Conversation.Priority.HIGH, new SlaPolicy.Target(30, 15, 480));
            targets.put(Conversation.Priority.URGENT, new SlaPolicy.Target(10, 10, 120));
            return levels.savePolicy("Standard " + n, calendar.id(), targets, true);
        });
        // Friday 27 Nov 2026, 16:30 in Berlin
        clock.set(at("2026-11-27T16:30"));
    }

    @AfterEach
    void putBackTheClockAndThePolicy() {
        clock.set(restore);
        // the other tests' conversations should not run under a policy they did not ask for
        jdbc.sql("update support_sla_policies set is_default = false where is_default").update();
    }

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(BERLIN).toInstant();
    }

    @Test
    void aFridayEveningConversationIsDueOnMondayMorningAndEscalatesOnce() throws Exception {
        long n = unique();
        var supervisor = "sup" + n;
        var agent = "agent" + n;
        var team = Actor.callAs(Actor.system("test"),
                () -> teams.save(null, "Escalations " + n, supervisor, Team.Assignment.ROUND_ROBIN, List.of(agent)));
        teams.setAvailable(agent, true);
        var tag = "esc" + n;
        var rule = teams.addRule(null, null, tag, null, team.id(), null);
        try {
            long id = open(uniqueEmail(), "Weekend question " + n, "Are you open?");
            Actor.callAs(Actor.system("test"), () -> new Object[] {conversationTags.add(id, tag)});
            var due = timers.due(id).orElseThrow();
            assertThat(due.firstResponseDueAt()).isEqualTo(at("2026-11-30T09:30"));
            // 960 business minutes = 16 h: 30 min on Friday, 8 h Monday, 7.5 h Tuesday
            assertThat(due.resolutionDueAt()).isEqualTo(at("2026-12-01T16:30"));
            assertThat(due.dueAt()).isEqualTo(at("2026-11-30T09:30"));

            clock.set(at("2026-11-28T12:00"));
            assertThat(escalations.escalateDue(1000)).as("a Saturday").isGreaterThanOrEqualTo(0);
            assertThat(conversations.get(id).priority()).isEqualTo(Conversation.Priority.NORMAL);
            mvc.perform(get("/desk/conversations/{id}", id).with(user(agent).roles("AGENT")))
                    .andExpect(status().isOk())
                    .andExpect(content().string(Matchers.containsString("First response: due in 45 h 30 min")));

            clock.set(at("2026-11-30T09:35"));
            assertThat(inbox.page(new Inbox.Filter(InboxView.BREACHED, null, team.id(), null, null, null), null, 10)
                    .items()).extracting(r -> r.conversation().id()).containsExactly(id);
            mvc.perform(get("/desk").param("view", "breached").with(user(agent).roles("AGENT")))
                    .andExpect(status().isOk())
                    .andExpect(content().string(Matchers.containsString("breached 5 min ago")));

            escalations.escalateDue(1000);
            var escalated = conversations.get(id);
            assertThat(escalated.priority()).isEqualTo(Conversation.Priority.HIGH);
            assertThat(conversations.messages(id)).extracting(Message::body)
                    .anyMatch(line -> line.startsWith("SLA breached: the first response was due 30 Nov 2026 09:30")
                            && line.contains("priority raised to HIGH") && line.contains("told " + supervisor + ", "
                            + agent));
            assertThat(notifications.of(supervisor, DeskNotifications.Kind.ESCALATION, 10)).hasSize(1);
            assertThat(notifications.of(agent, DeskNotifications.Kind.ESCALATION, 10)).hasSize(1);

            clock.set(at("2026-11-30T09:50"));
            escalations.escalateDue(1000);
            assertThat(conversations.get(id).priority()).as("escalates once per due time")
                    .isEqualTo(Conversation.Priority.HIGH);
            assertThat(notifications.of(supervisor, DeskNotifications.Kind.ESCALATION, 10)).hasSize(1);

            // the agent answers; the member writes back late on Monday: next response due Tuesday morning
            Actor.callAs(new Actor(Actor.Type.STAFF, "1", agent, null),
                    () -> conversations.reply(id, "Yes, Monday to Friday 9 to 5.", null));
            clock.set(at("2026-11-30T16:55"));
            conversations.memberWrote(id, "And on holidays?");
            // HIGH: next response in 15 business minutes: 5 on Monday, 10 on Tuesday
            assertThat(timers.due(id).orElseThrow().nextResponseDueAt()).isEqualTo(at("2026-12-01T09:10"));
            conversations.reply(id, "Closed on holidays.", Conversation.Status.SOLVED);
            assertThat(timers.due(id).orElseThrow().dueAt()).as("nothing is owed once solved").isNull();
        } finally {
            teams.deleteRule(rule.id());
        }
    }

    @Test
    void solvedConversationsCloseAfterTheConfiguredDays() throws Exception {
        long id = open(uniqueEmail(), "Close me " + unique(), "thanks");
        conversations.reply(id, "You're welcome", Conversation.Status.SOLVED);
        clock.advance(Duration.ofDays(3));
        autoClose.closeDue(1000);
        assertThat(conversations.get(id).status()).isEqualTo(Conversation.Status.SOLVED);
        clock.advance(Duration.ofDays(2));
        autoClose.closeDue(1000);
        assertThat(conversations.get(id).status()).isEqualTo(Conversation.Status.CLOSED);
        assertThat(conversations.messages(id)).extracting(Message::body)
                .contains("auto-close changed the status from SOLVED to CLOSED");
    }

    @Autowired
    ConversationTags conversationTags;

    @Autowired
    io.loyaltydesk.support.internal.AutoClose autoClose;
}
