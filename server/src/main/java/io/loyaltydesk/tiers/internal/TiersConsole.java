package io.loyaltydesk.tiers.internal;

import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.tiers.Tier;
import io.loyaltydesk.tiers.TierDefinition;
import io.loyaltydesk.tiers.TierProgram;
import io.loyaltydesk.tiers.Tiers;
import io.loyaltydesk.web.FormErrors;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The tier pages: the tiers with the qualification setting, the tier editor, and a member's tier with progress
 * and the override form.
 */
@Controller
class TiersConsole {

    /** Mirror {@link Access#STAFF_PROGRAM} and {@link Access#STAFF_POINTS_APPROVE} for what a page offers. */
    private static final Set<String> EDITORS = Set.of("ROLE_ADMIN", "ROLE_PROGRAM_MANAGER");
    private static final Set<String> OVERRIDERS = Set.of("ROLE_ADMIN", "ROLE_PROGRAM_MANAGER", "ROLE_SUPERVISOR");

    private final Tiers tiers;
    private final Members members;
    private final MessageSource messages;

    TiersConsole(Tiers tiers, Members members, MessageSource messages) {
        this.tiers = tiers;
        this.members = members;
        this.messages = messages;
    }

    /** The tier form as posted: numbers stay text so that a typo is answered beside its field. */
    record TierForm(String code, String name, String rank, String colour, String benefits, String earnMultiplierHint,
            String threshold, String reason) {

        static TierForm empty(int rank) {
            return new TierForm(null, null, Integer.toString(rank), "#8A8F98", null, null, null, null);
        }

        static TierForm of(Tier t) {
            return new TierForm(t.code(), t.name(), Integer.toString(t.rank()), t.colour(), t.benefits(),
                    t.earnMultiplierHint() == null ? null : t.earnMultiplierHint().stripTrailingZeros().toPlainString(),
                    t.threshold().stripTrailingZeros().toPlainString(), null);
        }
    }

    record ProgramForm(String metric, String window, String windowMonths, String graceDays, String reason) {

        static ProgramForm of(TierProgram p) {
            return new ProgramForm(p.metric().name(), p.window().name(), Integer.toString(p.windowMonths()),
                    Integer.toString(p.graceDays()), null);
        }
    }

    record OverrideForm(String tier, String until, String reason) {

        static OverrideForm empty() {
            return new OverrideForm(null, null, null);
        }
    }

    // ---- tiers and the qualification setting

    @GetMapping("/console/tiers")
    @PreAuthorize(Access.STAFF_ANY)
    String list(Model model, Authentication authentication) {
        model.addAttribute("programForm", ProgramForm.of(tiers.program()));
        model.addAttribute("errors", FormErrors.none());
        return listPage(model, authentication);
    }

    @PostMapping("/console/tiers/program")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String saveProgram(@ModelAttribute ProgramForm form, Model model, Authentication authentication,
            RedirectAttributes redirect) {
        try {
            var problems = new ArrayList<FieldProblem>();
            var metric = choice(form.metric(), "metric", TierProgram.Metric::valueOf, problems);
            var window = choice(form.window(), "window", TierProgram.Window::valueOf, problems);
            var months = number(form.windowMonths(), "windowMonths", Integer::valueOf, problems);
            var grace = number(form.graceDays(), "graceDays", Integer::valueOf, problems);
            if (!problems.isEmpty()) {
                throw new CommandRefusedException.InvalidInput(problems);
            }
            tiers.updateProgram(new TierProgram(metric, window, months, grace), form.reason());
            redirect.addFlashAttribute("flash", text("tiers.program.saved"));
            return "redirect:/console/tiers";
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            model.addAttribute("programForm", form);
            return listPage(model, authentication);
        }
    }

    @GetMapping("/console/tiers/new")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String newTier(Model model) {
        model.addAttribute("errors", FormErrors.none());
        var next = tiers.all().stream().mapToInt(Tier::rank).max().orElse(-1) + 1;
        return form(model, TierForm.empty(next), null);
    }

    @PostMapping("/console/tiers")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String create(@ModelAttribute TierForm form, Model model, RedirectAttributes redirect) {
        try {
            var tier = tiers.create(definition(form, form.code()));
            redirect.addFlashAttribute("flash", text("tiers.created", tier.name()));
            return "redirect:/console/tiers";
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            return form(model, form, null);
        }
    }

    @GetMapping("/console/tiers/{code}/edit")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String edit(@PathVariable String code, Model model) {
        var tier = tier(code);
        model.addAttribute("errors", FormErrors.none());
        return form(model, TierForm.of(tier), tier);
    }

    @PostMapping("/console/tiers/{code}/edit")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String update(@PathVariable String code, @ModelAttribute TierForm form, Model model, RedirectAttributes redirect) {
        var existing = tier(code);
        try {
            var tier = tiers.update(code, definition(form, code), form.reason());
            redirect.addFlashAttribute("flash", text("tiers.saved", tier.name()));
            return "redirect:/console/tiers";
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            return form(model, form, existing);
        }
    }

    // ---- a member's tier

    @GetMapping("/console/members/{id}/tier")
    @PreAuthorize(Access.STAFF_ANY)
    String member(@PathVariable long id, Model model, Authentication authentication) {
        model.addAttribute("form", OverrideForm.empty());
        model.addAttribute("errors", FormErrors.none());
        return memberPage(id, model, authentication);
    }

    @PostMapping("/console/members/{id}/tier/override")
    @PreAuthorize(Access.STAFF_POINTS_APPROVE)
    String override(@PathVariable long id, @ModelAttribute OverrideForm form, Model model,
            Authentication authentication, RedirectAttributes redirect) {
        memberOr404(id);
        try {
            var problems = new ArrayList<FieldProblem>();
            LocalDate until = null;
            if (form.until() == null || form.until().isBlank()) {
                problems.add(new FieldProblem("until", text("tiers.error.required")));
            } else {
                try {
                    until = LocalDate.parse(form.until().strip());
                } catch (DateTimeParseException e) {
                    problems.add(new FieldProblem("until", text("tiers.error.date")));
                }
            }
            if (!problems.isEmpty()) {
                throw new CommandRefusedException.InvalidInput(problems);
            }
            var progress = tiers.override(new MemberId(id), form.tier(), until, form.reason());
            redirect.addFlashAttribute("flash", text("tiers.override.saved", progress.tier().name()));
            return "redirect:/console/members/" + id + "/tier";
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            model.addAttribute("form", form);
            return memberPage(id, model, authentication);
        }
    }

    @PostMapping("/console/members/{id}/tier/override/end")
    @PreAuthorize(Access.STAFF_POINTS_APPROVE)
    String endOverride(@PathVariable long id, @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        memberOr404(id);
        try {
            tiers.endOverride(new MemberId(id), reason);
            redirect.addFlashAttribute("flash", text("tiers.override.ended"));
        } catch (CommandRefusedException e) {
            redirect.addFlashAttribute("actionError", e.getMessage());
        }
        return "redirect:/console/members/" + id + "/tier";
    }

    // ---- helpers

    private String listPage(Model model, Authentication authentication) {
        model.addAttribute("tiers", tiers.all());
        model.addAttribute("canEdit", has(authentication, EDITORS));
        model.addAttribute("fmt", new TierFormat(LocaleContextHolder.getLocale()));
        model.addAttribute("metrics", TierProgram.Metric.values());
        model.addAttribute("windows", TierProgram.Window.values());
        return "tiers/list";
    }

    private String form(Model model, TierForm form, Tier tier) {
        model.addAttribute("form", form);
        model.addAttribute("tier", tier);
        model.addAttribute("program", tiers.program());
        return "tiers/form";
    }

    private String memberPage(long id, Model model, Authentication authentication) {
        model.addAttribute("member", memberOr404(id));
        model.addAttribute("progress", tiers.progress(new MemberId(id)));
        model.addAttribute("tiers", tiers.all());
        model.addAttribute("program", tiers.program());
        model.addAttribute("zone", tiers.zone());
        model.addAttribute("canOverride", has(authentication, OVERRIDERS));
        model.addAttribute("fmt", new TierFormat(LocaleContextHolder.getLocale()));
        return "tiers/member";
    }

    private TierDefinition definition(TierForm form, String code) {
        var problems = new ArrayList<FieldProblem>();
        var rank = number(form.rank(), "rank", Integer::valueOf, problems);
        var threshold = number(form.threshold(), "threshold", t -> new BigDecimal(t.replace(',', '.')), problems);
        var hint = form.earnMultiplierHint() == null || form.earnMultiplierHint().isBlank() ? null
                : number(form.earnMultiplierHint(), "earnMultiplierHint", t -> new BigDecimal(t.replace(',', '.')),
                        problems);
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        return new TierDefinition(code, form.name(), rank, form.colour(), form.benefits(), hint, threshold);
    }

    private Tier tier(String code) {
        try {
            return tiers.get(code);
        } catch (CommandRefusedException.NotFound e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
    }

    private Member memberOr404(long id) {
        try {
            return members.get(new MemberId(id));
        } catch (CommandRefusedException.NotFound e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
    }

    private <T> T number(String text, String field, Function<String, T> parser, List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            problems.add(new FieldProblem(field, text("tiers.error.required")));
            return null;
        }
        try {
            return parser.apply(text.strip());
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(field, text("tiers.error.number")));
            return null;
        }
    }

    private <T> T choice(String text, String field, Function<String, T> parser, List<FieldProblem> problems) {
        try {
            return parser.apply(text == null ? "" : text);
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field, text("tiers.error.choose")));
            return null;
        }
    }

    private static boolean has(Authentication authentication, Set<String> roles) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(roles::contains);
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
