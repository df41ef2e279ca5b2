package io.loyaltydesk.staff.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.Scope;
import io.loyaltydesk.web.FormErrors;
import jakarta.servlet.http.HttpServletResponse;
import java.util.EnumSet;
import java.util.List;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
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

/**
 * The API keys page of the console. A new key's secret is rendered once, straight into the response to the
 * creating POST: never into a redirect, a flash attribute, a URL or a cache.
 */
@Controller
@RequestMapping("/console/api-keys")
@PreAuthorize(Access.STAFF_ADMIN)
class ApiKeysConsole {

    private final ApiKeys keys;
    private final MessageSource messages;

    ApiKeysConsole(ApiKeys keys, MessageSource messages) {
        this.keys = keys;
        this.messages = messages;
    }

    record KeyForm(String name, List<Scope> scopes) {

        static KeyForm empty() {
            return new KeyForm(null, List.of());
        }

        public boolean has(Scope scope) {
            return scopes != null && scopes.contains(scope);
        }

        EnumSet<Scope> scopeSet() {
            return scopes == null || scopes.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(scopes);
        }
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("form", KeyForm.empty());
        model.addAttribute("errors", FormErrors.none());
        return list(model, null);
    }

    @PostMapping
    String create(@ModelAttribute KeyForm form, Model model, HttpServletResponse response) {
        try {
            var created = keys.create(form.name(), form.scopeSet(), Actor.current().name());
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            response.setHeader(HttpHeaders.PRAGMA, "no-cache");
            model.addAttribute("created", created);
            return "staff/api-key-created";
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            model.addAttribute("form", form);
            return list(model, null);
        }
    }

    @PostMapping("/{id}/revoke")
    String revoke(@PathVariable long id, @RequestParam(required = false) String reason, Model model,
            RedirectAttributes redirect) {
        try {
            var key = keys.byId(id).orElseThrow(() -> new CommandRefusedException.NotFound("API key", id));
            keys.revoke(id, Actor.current().name(), reason);
            redirect.addFlashAttribute("flash", text("apikeys.revoked", key.name()));
            return "redirect:/console/api-keys";
        } catch (CommandRefusedException e) {
            model.addAttribute("form", KeyForm.empty());
            model.addAttribute("errors", FormErrors.none());
            return list(model, e instanceof CommandRefusedException.InvalidInput
                    ? text("apikeys.revoke.reasonRequired") : e.getMessage());
        }
    }

    private String list(Model model, String revokeError) {
        model.addAttribute("keys", keys.all());
        model.addAttribute("scopes", Scope.values());
        model.addAttribute("revokeError", revokeError);
        return "staff/api-keys";
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
