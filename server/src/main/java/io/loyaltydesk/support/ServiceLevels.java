package io.loyaltydesk.support;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.staff.AuditTrail;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** SLA policies and the business-hours calendars they count in. Every change is audited. */
@Service
public class ServiceLevels {

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    ServiceLevels(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Creates or replaces (by name) a calendar: its time zone, weekly hours and holidays.
     *
     * @param week per weekday, the opening hours; a day without entries is closed
     */
    @Transactional
    public SupportCalendar saveCalendar(String name, String timeZone, Map<DayOfWeek, List<BusinessCalendar.Hours>> week,
            Map<LocalDate, String> holidays) {
        var problems = new ArrayList<FieldProblem>();
        var cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > 100) {
            problems.add(new FieldProblem("name", "is required, at most 100 characters"));
        }
        ZoneId zone = null;
        try {
            zone = ZoneId.of(timeZone == null ? "" : timeZone.strip());
        } catch (DateTimeException e) {
            problems.add(new FieldProblem("timeZone", "is not a time zone such as Europe/Berlin"));
        }
        if (week == null || week.values().stream().allMatch(List::isEmpty)) {
            problems.add(new FieldProblem("hours", "give the opening hours of at least one day"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var now = Timestamp.from(clock.instant());
        long id = jdbc.sql("""
                insert into support_calendars (name, time_zone, created_at, updated_at) values (:name, :zone, :now, :now)
                on conflict (name) do update set time_zone = excluded.time_zone, updated_at = excluded.updated_at
                returning id
                """).param("name", cleanName).param("zone", zone.getId()).param("now", now).query(Long.class).single();
        jdbc.sql("delete from support_calendar_hours where calendar_id = :id").param("id", id).update();
        jdbc.sql("delete from support_calendar_holidays where calendar_id = :id").param("id", id).update();
        week.forEach((day, hours) -> hours.forEach(h -> jdbc.sql("""
                insert into support_calendar_hours (calendar_id, day_of_week, opens_at, closes_at)
                values (:id, :day, :opens, :closes)
                """).param("id", id).param("day", day.getValue()).param("opens", h.opens())
                .param("closes", h.closes().equals(LocalTime.MAX) ? LocalTime.of(23, 59, 59) : h.closes()).update()));
        (holidays == null ? Map.<LocalDate, String>of() : holidays).forEach((day, what) -> jdbc.sql("""
                insert into support_calendar_holidays (calendar_id, day, name) values (:id, :day, :name)
                """).param("id", id).param("day", day).param("name", what == null || what.isBlank() ? "Holiday" : what.strip())
                .update());
        var saved = calendar(id).orElseThrow();
        audit.record("support.calendar-saved", "support-calendar", id, null, describe(saved), null);
        return saved;
    }

    @Transactional(readOnly = true)
    public List<SupportCalendar> calendars() {
        return jdbc.sql("select id from support_calendars order by lower(name)").query(Long.class).list().stream()
                .map(id -> calendar(id).orElseThrow()).toList();
    }

    @Transactional(readOnly = true)
    public Optional<SupportCalendar> calendar(long id) {
        return jdbc.sql("select * from support_calendars where id = :id").param("id", id)
                .query((rs, n) -> new Object[] {rs.getString("name"), rs.getString("time_zone")}).optional()
                .map(row -> {
                    var week = new EnumMap<DayOfWeek, List<BusinessCalendar.Hours>>(DayOfWeek.class);
                    jdbc.sql("select * from support_calendar_hours where calendar_id = :id order by day_of_week, opens_at")
                            .param("id", id).query((rs, n) -> {
                                var closes = rs.getObject("closes_at", LocalTime.class);
                                week.computeIfAbsent(DayOfWeek.of(rs.getInt("day_of_week")), d -> new ArrayList<>())
                                        .add(new BusinessCalendar.Hours(rs.getObject("opens_at", LocalTime.class),
                                                closes.isBefore(LocalTime.of(23, 59, 59)) ? closes : LocalTime.MAX));
                                return null;
                            }).list();
                    var holidays = new HashSet<>(jdbc.sql("select day from support_calendar_holidays where calendar_id = :id")
                            .param("id", id).query(LocalDate.class).list());
                    return new SupportCalendar(id, (String) row[0],
                            new BusinessCalendar(ZoneId.of((String) row[1]), week, holidays));
                });
    }

    /** The holidays of a calendar with their names, by date. */
    @Transactional(readOnly = true)
    public Map<LocalDate, String> holidays(long calendarId) {
        var result = new LinkedHashMap<LocalDate, String>();
        jdbc.sql("select day, name from support_calendar_holidays where calendar_id = :id order by day")
                .param("id", calendarId).query((rs, n) -> result.put(rs.getObject("day", LocalDate.class),
                        rs.getString("name"))).list();
        return result;
    }

    /**
     * Creates or replaces (by name) a policy with a target for every priority; {@code makeDefault} makes it the
     * policy new conversations get.
     */
    @Transactional
    public SlaPolicy savePolicy(String name, Long calendarId, Map<Conversation.Priority, SlaPolicy.Target> targets,
            boolean makeDefault) {
        var problems = new ArrayList<FieldProblem>();
        var cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > 100) {
            problems.add(new FieldProblem("name", "is required, at most 100 characters"));
        }
        if (calendarId != null && calendar(calendarId).isEmpty()) {
            problems.add(new FieldProblem("calendar", "does not exist"));
        }
        for (var priority : Conversation.Priority.values()) {
            var target = targets == null ? null : targets.get(priority);
            var field = "targets." + priority;
            if (target == null) {
                problems.add(new FieldProblem(field, "is required for every priority"));
            } else if (target.firstResponseMinutes() <= 0 || target.nextResponseMinutes() <= 0
                    || target.resolutionMinutes() <= 0) {
                problems.add(new FieldProblem(field, "minutes must be positive whole numbers"));
            } else if (target.resolutionMinutes() < target.firstResponseMinutes()) {
                problems.add(new FieldProblem(field, "resolution cannot be due before the first response"));
            }
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var now = Timestamp.from(clock.instant());
        if (makeDefault) {
            jdbc.sql("update support_sla_policies set is_default = false where is_default and name <> :name")
                    .param("name", cleanName).update();
        }
        long id = jdbc.sql("""
                insert into support_sla_policies (name, calendar_id, is_default, created_at, updated_at)
                values (:name, :calendar, :default, :now, :now)
                on conflict (name) do update set calendar_id = excluded.calendar_id,
                    is_default = excluded.is_default or support_sla_policies.is_default, updated_at = excluded.updated_at
                returning id
                """).param("name", cleanName).param("calendar", calendarId).param("default", makeDefault)
                .param("now", now).query(Long.class).single();
        jdbc.sql("delete from support_sla_targets where policy_id = :id").param("id", id).update();
        targets.forEach((priority, t) -> jdbc.sql("""
                insert into support_sla_targets (policy_id, priority, first_response_minutes, next_response_minutes,
                                                 resolution_minutes)
                values (:id, :priority, :first, :next, :resolution)
                """).param("id", id).param("priority", priority.name()).param("first", t.firstResponseMinutes())
                .param("next", t.nextResponseMinutes()).param("resolution", t.resolutionMinutes()).update());
        var saved = policy(id).orElseThrow();
        audit.record("support.sla-policy-saved", "sla-policy", id, null, saved, null);
        return saved;
    }

    @Transactional(readOnly = true)
    public List<SlaPolicy> policies() {
        return jdbc.sql("select id from support_sla_policies order by lower(name)").query(Long.class).list().stream()
                .map(id -> policy(id).orElseThrow()).toList();
    }

    @Transactional(readOnly = true)
    public Optional<SlaPolicy> defaultPolicy() {
        return jdbc.sql("select id from support_sla_policies where is_default").query(Long.class).optional()
                .flatMap(this::policy);
    }

    @Transactional(readOnly = true)
    public Optional<SlaPolicy> policy(long id) {
        var targets = new EnumMap<Conversation.Priority, SlaPolicy.Target>(Conversation.Priority.class);
        jdbc.sql("select * from support_sla_targets where policy_id = :id").param("id", id)
                .query((rs, n) -> targets.put(Conversation.Priority.valueOf(rs.getString("priority")),
                        new SlaPolicy.Target(rs.getInt("first_response_minutes"), rs.getInt("next_response_minutes"),
                                rs.getInt("resolution_minutes")))).list();
        return jdbc.sql("select * from support_sla_policies where id = :id").param("id", id)
                .query((rs, n) -> {
                    long calendar = rs.getLong("calendar_id");
                    return new SlaPolicy(id, rs.getString("name"), rs.wasNull() ? null : calendar,
                            rs.getBoolean("is_default"), Map.copyOf(targets));
                }).optional();
    }

    /**
     * Gives a team's conversations their own policy instead of the default one; a null policy takes the team back
     * to the default. Conversations already with the team keep their due times until they move (ADR 0018).
     */
    @Transactional
    public void setTeamPolicy(long teamId, Long policyId) {
        var team = jdbc.sql("select name from support_teams where id = :id").param("id", teamId).query(String.class)
                .optional().orElseThrow(() -> new CommandRefusedException.NotFound("Team", teamId));
        var before = teamPolicies().get(teamId);
        if (policyId == null) {
            jdbc.sql("delete from support_team_sla_policies where team_id = :team").param("team", teamId).update();
        } else {
            var policy = policy(policyId).orElseThrow(() -> new CommandRefusedException.InvalidInput("policy",
                    "does not exist"));
            var now = Timestamp.from(clock.instant());
            jdbc.sql("""
                    insert into support_team_sla_policies (team_id, policy_id, created_at, updated_at)
                    values (:team, :policy, :now, :now)
                    on conflict (team_id) do update set policy_id = excluded.policy_id, updated_at = excluded.updated_at
                    """).param("team", teamId).param("policy", policy.id()).param("now", now).update();
        }
        audit.record("support.team-sla-policy-set", "support-team", teamId,
                before == null ? null : Map.of("team", team, "policyId", before),
                policyId == null ? null : Map.of("team", team, "policyId", policyId), null);
    }

    /** Which teams have their own policy: team id to policy id. */
    @Transactional(readOnly = true)
    public Map<Long, Long> teamPolicies() {
        var result = new LinkedHashMap<Long, Long>();
        jdbc.sql("select team_id, policy_id from support_team_sla_policies order by team_id")
                .query((rs, n) -> result.put(rs.getLong("team_id"), rs.getLong("policy_id"))).list();
        return result;
    }

    /**
     * The policy a conversation of this team (null: no team) counts under: the team's own when it has one with a
     * target for every priority, else the default policy; empty when there is neither.
     */
    @Transactional(readOnly = true)
    public Optional<SlaPolicy> policyFor(Long teamId) {
        var own = teamId == null ? Optional.<SlaPolicy>empty()
                : jdbc.sql("select policy_id from support_team_sla_policies where team_id = :team")
                        .param("team", teamId).query(Long.class).optional().flatMap(this::policy)
                        .filter(ServiceLevels::complete);
        return own.or(() -> defaultPolicy().filter(ServiceLevels::complete));
    }

    private static boolean complete(SlaPolicy policy) {
        return policy.targets().size() == Conversation.Priority.values().length;
    }

    /** The calendar a policy counts in; around the clock in the server's zone without one. */
    @Transactional(readOnly = true)
    public BusinessCalendar calendarOf(SlaPolicy policy) {
        return policy.calendarId() == null ? BusinessCalendar.always(clock.getZone())
                : calendar(policy.calendarId()).map(SupportCalendar::calendar)
                        .orElse(BusinessCalendar.always(clock.getZone()));
    }

    private static Map<String, Object> describe(SupportCalendar calendar) {
        var state = new LinkedHashMap<String, Object>();
        state.put("name", calendar.name());
        state.put("timeZone", calendar.calendar().zone().getId());
        state.put("week", calendar.calendar().week().toString());
        state.put("holidays", calendar.calendar().holidays().toString());
        return state;
    }
}
