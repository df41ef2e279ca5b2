package io.loyaltydesk.staff.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.staff.Role;
import io.loyaltydesk.web.FormErrors;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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

/** The staff accounts page of the console: who may log in, with which roles; passwords and lockouts. */
@Controller
@RequestMapping("/console/staff")
@PreAuthorize(Access.STAFF_ADMIN)
class StaffConsole {

    private final StaffAccounts accounts;
    private final MessageSource messages;
    private final Clock clock;

    StaffConsole(StaffAccounts accounts, MessageSource messages, Clock clock) {
        this.accounts = accounts;
        this.messages = messages;
        this.clock = clock;
    }

    /**
     * The create and edit forms as the browser posts them. Unchecked boxes are simply absent, so
     * {@code enabled} is a nullable Boolean: absent means unchecked.
     */
    record StaffForm(String username, String displayName, String email, List<Role> roles, String password,
            Boolean enabled, String reason) {

        static StaffForm empty() {
            return new StaffForm(null, null, null, List.of(), null, true, null);
        }

        static StaffForm of(StaffAccounts.StaffAccount account) {
            return new StaffForm(account.username(), account.displayName(), account.email(),
                    List.copyOf(account.roles()), null, account.enabled(), null);
        }

        boolean isEnabled() {
            return Boolean.TRUE.equals(enabled);
        }

        Set<Role> roleSet() {
            return roles == null || roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
        }

        public boolean has(Role role) {
            return roles != null && roles.contains(role);
        }
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("accounts", accounts.all());
        model.addAttribute("now", clock.instant());
        return "staff/staff-list";
    }

    @GetMapping("/new")
    String newAccount(Model model) {
        model.addAttribute("form", StaffForm.empty());
        model.addAttribute("errors", FormErrors.none());
        return form(model);
    }

    @PostMapping
    String create(@ModelAttribute StaffForm form, Model model, RedirectAttributes redirect) {
        try {
            var created = accounts.create(new StaffAccounts.NewStaff(form.username(), form.displayName(),
                    form.email(), form.roleSet(), form.password()));
            redirect.addFlashAttribute("flash", text("staff.created", created.username()));
            return "redirect:/console/staff/" + created.id();
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            // a refused password is never sent back to the browser
            model.addAttribute("form", new StaffForm(form.username(), form.displayName(), form.email(),
                    form.roles(), null, true, null));
            return form(model);
        }
    }

    @GetMapping("/{id}")
    String detail(@PathVariable long id, Model model) {
        var account = account(id);
        model.addAttribute("form", StaffForm.of(account));
        model.addAttribute("errors", FormErrors.none());
        return detail(model, account);
    }

    @PostMapping("/{id}")
    String update(@PathVariable long id, @ModelAttribute StaffForm form, Model model, RedirectAttributes redirect) {
        try {
            accounts.update(id, form.displayName(), form.email(), form.roleSet(), form.isEnabled(), form.reason());
            redirect.addFlashAttribute("flash", text("staff.saved"));
            return "redirect:/console/staff/" + id;
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            model.addAttribute("failedForm", "edit");
            var account = account(id);
            model.addAttribute("form", new StaffForm(account.username(), form.displayName(), form.email(),
                    form.roles(), null, form.enabled(), form.reason()));
            return detail(model, account);
        }
    }

    @PostMapping("/{id}/password")
    String password(@PathVariable long id, @RequestParam(required = false) String password,
            @RequestParam(required = false) String reason, Model model, RedirectAttributes redirect) {
        try {
            accounts.setPassword(id, password, reason);
            redirect.addFlashAttribute("flash", text("staff.passwordSet"));
            return "redirect:/console/staff/" + id;
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            model.addAttribute("failedForm", "password");
            var account = account(id);
            model.addAttribute("form", StaffForm.of(account));
            model.addAttribute("passwordReason", reason);
            return detail(model, account);
        }
    }

    @PostMapping("/{id}/unlock")
    String unlock(@PathVariable long id, @RequestParam(required = false) String reason, Model model,
            RedirectAttributes redirect) {
        try {
            accounts.unlock(id, reason);
            redirect.addFlashAttribute("flash", text("staff.unlocked"));
            return "redirect:/console/staff/" + id;
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            model.addAttribute("failedForm", "unlock");
            var account = account(id);
            model.addAttribute("form", StaffForm.of(account));
            return detail(model, account);
        }
    }

    private StaffAccounts.StaffAccount account(long id) {
        return accounts.byId(id).orElseThrow(() -> new CommandRefusedException.NotFound("Staff account", id));
    }

    private String form(Model model) {
        model.addAttribute("roles", Role.values());
        return "staff/staff-new";
    }

    private String detail(Model model, StaffAccounts.StaffAccount account) {
        model.addAttribute("account", account);
        model.addAttribute("roles", Role.values());
        model.addAttribute("now", clock.instant());
        model.addAttribute("locked", account.lockedAt(clock.instant()));
        return "staff/staff-detail";
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
