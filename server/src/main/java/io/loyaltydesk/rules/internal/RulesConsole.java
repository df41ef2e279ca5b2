package io.loyaltydesk.rules.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.rules.Rule;
import io.loyaltydesk.rules.RuleDefinition;
import io.loyaltydesk.rules.RuleStatus;
import io.loyaltydesk.rules.Rules;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.web.FormErrors;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The rules pages: list, editor with live CEL checks, versions, status and simulation on past purchases. */
@Controller
@RequestMapping("/console/rules")
class RulesConsole {

    private final Rules rules;
    private final MessageSource messages;
    private final ZoneId zone;

    RulesConsole(Rules rules, MessageSource messages, RulesProperties properties) {
        this.rules = rules;
        this.messages = messages;
        this.zone = properties.zone();
    }

    @GetMapping
    @PreAuthorize(Access.STAFF_ANY)
    String list(@RequestParam(required = false) RuleStatus status, Model model) {
        model.addAttribute("rules", rules.all(status));
        model.addAttribute("status", status);
        model.addAttribute("statuses", RuleStatus.values());
        model.addAttribute("zone", zone);
        return "rules/list";
    }

    @GetMapping("/new")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String newRule(Model model) {
        model.addAttribute("errors", FormErrors.none());
        return form(model, RuleForm.empty(), null);
    }

    @PostMapping
    @PreAuthorize(Access.STAFF_PROGRAM)
    String create(@ModelAttribute RuleForm form, Model model, RedirectAttributes redirect) {
        try {
            var rule = rules.create(form.trimmed(form.toDefinition(zone)), RuleStatus.DRAFT);
            redirect.addFlashAttribute("flash", text("rules.created", rule.definition().name()));
            return "redirect:/console/rules/" + rule.id();
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            return form(model, form, null);
        }
    }

    @GetMapping("/{id}")
    @PreAuthorize(Access.STAFF_ANY)
    String detail(@PathVariable long id, Model model) {
        var rule = rules.get(id);
        model.addAttribute("rule", rule);
        model.addAttribute("builtIn", rules.builtInCondition(rule.definition()));
        model.addAttribute("versions", rules.versions(id));
        model.addAttribute("zone", zone);
        if (!model.containsAttribute("from")) {
            var today = LocalDate.now(zone);
            model.addAttribute("from", today.minusDays(30).toString());
            model.addAttribute("to", today.toString());
        }
        return "rules/detail";
    }

    @GetMapping("/{id}/edit")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String edit(@PathVariable long id, Model model) {
        var rule = rules.get(id);
        model.addAttribute("errors", FormErrors.none());
        return form(model, RuleForm.of(rule.definition(), zone), rule);
    }

    @PostMapping("/{id}/edit")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String update(@PathVariable long id, @ModelAttribute RuleForm form, Model model, RedirectAttributes redirect) {
        try {
            var rule = rules.update(id, form.trimmed(form.toDefinition(zone)), form.reason());
            redirect.addFlashAttribute("flash", text("rules.saved", rule.version()));
            return "redirect:/console/rules/" + id;
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            return form(model, form, rules.get(id));
        }
    }

    @PostMapping("/{id}/status")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String status(@PathVariable long id, @RequestParam RuleStatus status, RedirectAttributes redirect) {
        try {
            rules.changeStatus(id, status, "changed in the console");
            redirect.addFlashAttribute("flash", text("rules.changed." + status.name(), null));
        } catch (CommandRefusedException e) {
            redirect.addFlashAttribute("flash", e.getMessage());
        }
        return "redirect:/console/rules/" + id;
    }

    /** Runs the saved rule over past purchases between two dates (inclusive) and shows the result. */
    @PostMapping("/{id}/simulate")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String simulate(@PathVariable long id, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, Model model) {
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        try {
            var start = LocalDate.parse(from).atStartOfDay(zone).toInstant();
            var end = LocalDate.parse(to).plusDays(1).atStartOfDay(zone).toInstant();
            model.addAttribute("simulation", rules.simulate(null, id, start, end));
        } catch (CommandRefusedException e) {
            model.addAttribute("simulationError", e.getMessage());
        } catch (RuntimeException e) {
            model.addAttribute("simulationError", text("rules.simulate.badDates", null));
        }
        return detail(id, model);
    }

    /** The live check of the editor: a small fragment with the compiler's errors or "valid". */
    @PostMapping("/check")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String check(@RequestParam(required = false) String condition, @RequestParam(required = false) String lineFilter,
            @RequestParam(defaultValue = "condition") String target, Model model) {
        var expression = "lineFilter".equals(target) ? lineFilter : condition;
        model.addAttribute("blank", expression == null || expression.isBlank());
        model.addAttribute("check", expression == null || expression.isBlank() ? null : rules.check(expression, target));
        return "rules/check :: result";
    }

    private String form(Model model, RuleForm form, Rule rule) {
        model.addAttribute("form", form);
        model.addAttribute("rule", rule);
        model.addAttribute("kinds", RuleDefinition.RuleKind.values());
        model.addAttribute("effectTypes", RuleDefinition.EffectType.values());
        model.addAttribute("roundings", RuleDefinition.Rounding.values());
        model.addAttribute("days", java.time.DayOfWeek.values());
        model.addAttribute("zone", zone);
        return "rules/form";
    }

    private String text(String key, Object arg) {
        return messages.getMessage(key, arg == null ? null : new Object[] {arg}, LocaleContextHolder.getLocale());
    }
}
