package io.loyaltydesk.support.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.support.BusinessCalendar;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Macros;
import io.loyaltydesk.support.ServiceLevels;
import io.loyaltydesk.support.SlaPolicy;
import io.loyaltydesk.support.Team;
import io.loyaltydesk.support.Teams;
import io.loyaltydesk.tiers.Tiers;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Console pages for setting up the desk: teams, agents and routing rules; SLA policies and business-hours calendars;
 * macros. Supervisors and admins only. A refused change shows the page again with what was wrong; nothing is saved.
 */
@Controller
class SupportConsole {

    private final Teams teams;
    private final ServiceLevels levels;
    private final Macros macros;
    private final Tiers tiers;
    private final MessageSource messages;

    SupportConsole(Teams teams, ServiceLevels levels, Macros macros, Tiers tiers, MessageSource messages) {
        this.teams = teams;
        this.levels = levels;
        this.macros = macros;
        this.tiers = tiers;
        this.messages = messages;
    }

    private interface Change {
        String run();
    }

    private String change(RedirectAttributes redirect, Model model, String page, Change change) {
        try {
            redirect.addFlashAttribute("flash", change.run());
            return "redirect:/console/support/" + page;
        } catch (CommandRefusedException e) {
            model.addAttribute("actionError", readable(e));
            return switch (page) {
                case "teams" -> teams(model);
                case "sla" -> sla(model);
                default -> macros(model);
            };
        }
    }

    // ---- teams, agents, rules

    @GetMapping("/console/support/teams")
    @PreAuthorize(Access.STAFF_SUPPORT_MANAGE)
    String teams(Model model) {
        var all = teams.all();
        model.addAttribute("teams", all);
        var names = new LinkedHashMap<Long, String>();
        all.forEach(t -> names.put(t.id(), t.name()));
        model.addAttribute("teamNames", names);
        model.addAttribute("agents", teams.agents());
        model.addAttribute("rules", teams.rules());
        model.addAttribute("tiers", tiers.all());
        model.addAttribute("assignments", Team.Assignment.values());
        model.addAttribute("channels", Conversation.Channel.values());
        model.addAttribute("priorities", Conversation.Priority.values());
        return "support/teams";
    }

    @PostMapping("/console/support/teams")
    @PreAuthorize(Access.STAFF_SUPPORT_MANAGE)
    String saveTeam(@RequestParam(required = false) Long id, @RequestParam(required = false) String name,
            @RequestParam(required = false) String supervisor, @RequestParam(required = false) String assignment,
            @RequestParam(required = false) String members, Model model, RedirectAttributes redirect) {
        return change(redirect, model, "teams", () -> {
            var team = teams.save(id, name, supervisor, parse(Team.Assignment.class, assignment, "assignment"),
                    words(members));
            return text("routing.flash.teamSaved", team.name());
        });
    }

    @PostMapping("/console/support/teams/{id}/delete")
    @PreAuthorize(Access.STAFF_SUPPORT_MANAGE)
    String deleteTeam(@PathVariable long id, Model model, RedirectAttributes redirect) {
        return change(redirect, model, "teams", () -> {
            teams.delete(id);
            return text("routing.flash.teamDeleted");
        });
    }

    @PostMapping("/console/support/agents")
    @PreAuthorize(Access.STAFF_SUPPORT_MANAGE)
    String agent(@RequestParam(required = false) String username, @RequestParam(required = false) String capacity,
            @RequestParam(required = false) Boolean available, Model model, RedirectAttributes redirect) {
        return change(redirect, model, "teams", () -> {
            if (capacity != null) {
                teams.setCapacity(username, number(capacity, "capacity"));
            }
            if (available != null) {
                teams.setAvailable(username, available);
            }
            return text("routing.flash.agentSaved", username);
        });
    }

    @PostMapping("/console/support/rules")
    @PreAuthorize(Access.STAFF_SUPPORT_MANAGE)
    String addRule(@RequestParam(required = false) String position, @RequestParam(required = false) String channel,
            @RequestParam(required = false) String tag, @RequestParam(required = false) String tier,
            @RequestParam(required = false) Long team, @RequestParam(required = false) String priority, Model model,
            RedirectAttributes redirect) {
        return change(redirect, model, "teams", () -> {
            if (team == null) {
                throw new CommandRefusedException.InvalidInput("team", "pick a team");
            }
            teams.addRule(position == null || position.isBlank() ? null : number(position, "position"),
                    parse(Conversation.Channel.class, channel, "channel"), tag, tier, team,
                    parse(Conversation.Priority.class, priority, "priority"));
            return text("routing.flash.ruleAdded");
        });
    }

    @PostMapping("/console/support/rules/{id}/delete")
    @PreAuthorize(Access.STAFF_SUPPORT_MANAGE)
    String deleteRule(@PathVariable long id, Model model, RedirectAttributes redirect) {
        return change(redirect, model, "teams", () -> {
            teams.deleteRule(id);
            return text("routing.flash.ruleDeleted");
        });
    }

    // ---- SLA

    /** One weekday's hours as the form shows them: "09:00-17:00, 18:00-20:00". */
    public static String hours(BusinessCalendar calendar, DayOfWeek day) {
        return String.join(", ", calendar.week().getOrDefault(day, List.of()).stream()
                .map(h -> h.opens() + "-" + (h.closes().equals(LocalTime.MAX) ? "24:00" : h.closes().toString()))
                .toList());
    }

    @GetMapping("/console/support/sla")
    @PreAuthorize(Access.STAFF_SUPPORT_MANAGE)
    String sla(Model model) {
        var calendars = levels.calendars();
        model.addAttribute("calendars", calendars);
        var hours = new LinkedHashMap<Long, Map<DayOfWeek, String>>();
        var holidays = new LinkedHashMap<Long, String>();
        for (var calendar : calendars) {
            var week = new EnumMap<DayOfWeek, String>(DayOfWeek.class);
            for (var day : DayOfWeek.values()) {
                week.put(day, hours(calendar.calendar(), day));
            }
            hours.put(calendar.id(), week);
            holidays.put(calendar.id(), String.join("\n", levels.holidays(calendar.id()).entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).toList()));
        }
        model.addAttribute("hours", hours);
        model.addAttribute("holidays", holidays);
        model.addAttribute("days", DayOfWeek.values());
        model.addAttribute("policies", levels.policies());
        model.addAttribute("priorities", Conversation.Priority.values());
        model.addAttribute("teams", teams.all());
        model.addAttribute("teamPolicies", levels.teamPolicies());
        return "support/sla";
    }

    /** A team's own SLA policy; an empty choice takes the team back to the default policy (ADR 0018). */
    @PostMapping("/console/support/team-policies")
    @PreAuthorize(Access.STAFF_SUPPORT_MANAGE)
    String saveTeamPolicy(@RequestParam(required = false) String team, @RequestParam(required = false) String policy,
            Model model, RedirectAttributes redirect) {
        return change(redirect, model, "sla", () -> {
            long teamId = number(team, "team");
            var saved = teams.find(teamId).orElseThrow(() -> new CommandRefusedException.InvalidInput("team",
                    text("routing.sla.team.unknown")));
            Long policyId = policy == null || policy.isBlank() ? null : (long) number(policy, "policy");
            levels.setTeamPolicy(teamId, policyId);
            return policyId == null ? text("routing.flash.teamPolicyDefault", saved.name())
                    : text("routing.flash.teamPolicySaved", saved.name(),
                            levels.policy(policyId).map(SlaPolicy::name).orElse(""));
        });
    }

    @PostMapping("/console/support/calendars")
    @PreAuthorize(Access.STAFF_SUPPORT_MANAGE)
    String saveCalendar(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        return change(redirect, model, "sla", () -> {
            var problems = new ArrayList<FieldProblem>();
            var week = new EnumMap<DayOfWeek, List<BusinessCalendar.Hours>>(DayOfWeek.class);
            for (var day : DayOfWeek.values()) {
                var typed = form.getOrDefault("hours-" + day, "");
                try {
                    week.put(day, parseHours(typed));
                } catch (IllegalArgumentException | DateTimeParseException e) {
                    problems.add(new FieldProblem("hours-" + day, text("routing.sla.hoursFormat", typed)));
                }
            }
            var holidays = new LinkedHashMap<LocalDate, String>();
            for (var line : form.getOrDefault("holidays", "").split("\\R")) {
                if (line.isBlank()) {
                    continue;
                }
                var parts = line.strip().split("\\s+", 2);
                try {
                    holidays.put(LocalDate.parse(parts[0]), parts.length > 1 ? parts[1] : "");
                } catch (DateTimeParseException e) {
                    problems.add(new FieldProblem("holidays", text("routing.sla.holidayFormat", line.strip())));
                }
            }
            if (!problems.isEmpty()) {
                throw new CommandRefusedException.InvalidInput(problems);
            }
            var saved = levels.saveCalendar(form.get("name"), form.get("timeZone"), week, holidays);
            return text("routing.flash.calendarSaved", saved.name());
        });
    }

    @PostMapping("/console/support/policies")
    @PreAuthorize(Access.STAFF_SUPPORT_MANAGE)
    String savePolicy(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        return change(redirect, model, "sla", () -> {
            var targets = new EnumMap<Conversation.Priority, SlaPolicy.Target>(Conversation.Priority.class);
            for (var priority : Conversation.Priority.values()) {
                targets.put(priority, new SlaPolicy.Target(
                        number(form.get("first-" + priority), "first-" + priority),
                        number(form.get("next-" + priority), "next-" + priority),
                        number(form.get("resolution-" + priority), "resolution-" + priority)));
            }
            var calendar = form.getOrDefault("calendar", "");
            var saved = levels.savePolicy(form.get("name"), calendar.isBlank() ? null : (long) number(calendar, "calendar"),
                    targets, "true".equals(form.get("makeDefault")));
            return text("routing.flash.policySaved", saved.name());
        });
    }

    static List<BusinessCalendar.Hours> parseHours(String typed) {
        var result = new ArrayList<BusinessCalendar.Hours>();
        for (var range : typed.split(",")) {
            if (range.isBlank()) {
                continue;
            }
            var ends = range.strip().split("\\s*-\\s*");
            if (ends.length != 2) {
                throw new IllegalArgumentException(range);
            }
            var closes = ends[1].equals("24:00") ? LocalTime.MAX : LocalTime.parse(ends[1]);
            result.add(new BusinessCalendar.Hours(LocalTime.parse(ends[0]), closes));
        }
        return result;
    }

    // ---- macros

    @GetMapping("/console/support/macros")
    @PreAuthorize(Access.STAFF_SUPPORT_MANAGE)
    String macros(Model model) {
        model.addAttribute("macros", macros.all());
        model.addAttribute("placeholders", new java.util.TreeMap<>(Macros.PLACEHOLDERS));
        model.addAttribute("statuses", Conversation.Status.values());
        return "support/macros";
    }

    @PostMapping("/console/support/macros")
    @PreAuthorize(Access.STAFF_SUPPORT_MANAGE)
    String saveMacro(@RequestParam(required = false) Long id, @RequestParam(required = false) String name,
            @RequestParam(required = false) String body, @RequestParam(required = false) String setStatus,
            @RequestParam(required = false) String tags, Model model, RedirectAttributes redirect) {
        return change(redirect, model, "macros", () -> {
            var macro = macros.save(id, name, body, parse(Conversation.Status.class, setStatus, "setStatus"),
                    words(tags));
            return text("routing.flash.macroSaved", macro.name());
        });
    }

    @PostMapping("/console/support/macros/{id}/delete")
    @PreAuthorize(Access.STAFF_SUPPORT_MANAGE)
    String deleteMacro(@PathVariable long id, Model model, RedirectAttributes redirect) {
        return change(redirect, model, "macros", () -> {
            macros.delete(id);
            return text("routing.flash.macroDeleted");
        });
    }

    // ---- helpers

    private static List<String> words(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("[\\s,;]+")).filter(w -> !w.isBlank()).toList();
    }

    private static int number(String value, String field) {
        try {
            return Integer.parseInt(value == null ? "" : value.strip());
        } catch (NumberFormatException e) {
            throw new CommandRefusedException.InvalidInput(field, "must be a whole number");
        }
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandRefusedException.InvalidInput(field, "is not one of the choices");
        }
    }

    private String readable(CommandRefusedException e) {
        if (e instanceof CommandRefusedException.InvalidInput invalid) {
            return String.join("; ", invalid.problems().stream().map(p -> p.field() + ": " + p.message()).toList());
        }
        return e.getMessage();
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
