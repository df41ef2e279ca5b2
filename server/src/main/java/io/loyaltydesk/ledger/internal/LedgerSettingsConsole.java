package io.loyaltydesk.ledger.internal;

import io.loyaltydesk.ledger.ExpiryPolicy;
import io.loyaltydesk.ledger.LedgerSettings;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.web.FormErrors;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The ledger settings page: program managers change how points mature, expire and are worth; everyone else
 * sees them read-only. The page also shows whether the books balance.
 */
@Controller
@RequestMapping("/console/settings/ledger")
class LedgerSettingsConsole {

    /** Who may change the settings; mirrors {@link Access#STAFF_PROGRAM} for the read-only view. */
    private static final Set<String> EDITORS = Set.of("ROLE_ADMIN", "ROLE_PROGRAM_MANAGER");

    private final PointsLedger ledger;
    private final MessageSource messages;
    private final Clock clock;

    LedgerSettingsConsole(PointsLedger ledger, MessageSource messages, Clock clock) {
        this.ledger = ledger;
        this.messages = messages;
        this.clock = clock;
    }

    /**
     * The form as posted: numbers stay text so that a typo is answered beside its field, and the checkboxes are
     * {@code Boolean} because an unticked box sends nothing.
     */
    record SettingsForm(String pendingDays, String expiryPolicy, String expiryMonths, String pointValueMinor,
            String currency, Boolean allowNegativeBalance, Boolean memberTransfersEnabled,
            String adjustmentApprovalLimit, String reservationTimeoutMinutes, String reason) {

        static SettingsForm of(LedgerSettings s) {
            return new SettingsForm(Integer.toString(s.pendingDays()), s.expiryPolicy().name(),
                    Integer.toString(s.expiryMonths()), s.pointValueMinor().stripTrailingZeros().toPlainString(),
                    s.currency(), s.allowNegativeBalance(), s.memberTransfersEnabled(),
                    Long.toString(s.adjustmentApprovalLimit()), Integer.toString(s.reservationTimeoutMinutes()), null);
        }
    }

    @GetMapping
    @PreAuthorize(Access.STAFF_ANY)
    String show(Model model, Authentication authentication) {
        model.addAttribute("form", SettingsForm.of(ledger.settings()));
        model.addAttribute("errors", FormErrors.none());
        return page(model, authentication);
    }

    @PostMapping
    @PreAuthorize(Access.STAFF_PROGRAM)
    String save(@ModelAttribute SettingsForm form, Model model, Authentication authentication,
            RedirectAttributes redirect) {
        try {
            ledger.updateSettings(parse(form), form.reason().strip());
            redirect.addFlashAttribute("flash", text("ledger.settings.saved"));
            return "redirect:/console/settings/ledger";
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            model.addAttribute("form", form);
            return page(model, authentication);
        }
    }

    private String page(Model model, Authentication authentication) {
        model.addAttribute("canEdit", authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).anyMatch(EDITORS::contains));
        model.addAttribute("policies", ExpiryPolicy.values());
        model.addAttribute("reconciliation", ledger.reconcile());
        model.addAttribute("fmt", new LedgerFormat(messages, LocaleContextHolder.getLocale(), clock));
        return "ledger/settings";
    }

    /** Reads the form; what cannot even be read is refused here, the ledger checks the ranges. */
    private LedgerSettings parse(SettingsForm form) {
        var problems = new ArrayList<FieldProblem>();
        int pendingDays = number(form.pendingDays(), "pendingDays", Integer::parseInt, problems, 0);
        int expiryMonths = number(form.expiryMonths(), "expiryMonths", Integer::parseInt, problems, 0);
        BigDecimal pointValue = number(form.pointValueMinor() == null ? null : form.pointValueMinor().replace(',', '.'),
                "pointValueMinor", BigDecimal::new, problems, null);
        long approvalLimit = number(form.adjustmentApprovalLimit(), "adjustmentApprovalLimit", Long::parseLong,
                problems, 0L);
        int timeout = number(form.reservationTimeoutMinutes(), "reservationTimeoutMinutes", Integer::parseInt,
                problems, 0);
        ExpiryPolicy policy = null;
        try {
            policy = form.expiryPolicy() == null ? null : ExpiryPolicy.valueOf(form.expiryPolicy());
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem("expiryPolicy", text("ledger.settings.error.choose")));
        }
        if (form.reason() == null || form.reason().isBlank()) {
            problems.add(new FieldProblem("reason", text("ledger.settings.error.reason")));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var currency = form.currency() == null ? null : form.currency().strip().toUpperCase(Locale.ROOT);
        return new LedgerSettings(pendingDays, policy, expiryMonths, pointValue, currency,
                Boolean.TRUE.equals(form.allowNegativeBalance()), Boolean.TRUE.equals(form.memberTransfersEnabled()),
                approvalLimit, timeout);
    }

    private <T> T number(String text, String field, Function<String, T> parser, List<FieldProblem> problems,
            T fallback) {
        if (text == null || text.isBlank()) {
            problems.add(new FieldProblem(field, text("ledger.settings.error.required")));
            return fallback;
        }
        try {
            return parser.apply(text.strip());
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(field, text("ledger.settings.error.number")));
            return fallback;
        }
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
