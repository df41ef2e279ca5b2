package io.loyaltydesk.staff.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.staff.Stores;
import io.loyaltydesk.web.FormErrors;
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

/** The stores page: where the business has shops, and where the program is live yet (phased rollout). */
@Controller
@RequestMapping("/console/stores")
class StoresConsole {

    private final Stores stores;
    private final MessageSource messages;

    StoresConsole(Stores stores, MessageSource messages) {
        this.stores = stores;
        this.messages = messages;
    }

    /** The add form; {@code live} is absent when its box is unchecked. */
    record StoreForm(String code, String name, String region, String city, Boolean live) {

        static StoreForm empty() {
            return new StoreForm(null, null, null, null, false);
        }
    }

    @GetMapping
    @PreAuthorize(Access.STAFF_ROLLOUT)
    String list(Model model) {
        model.addAttribute("form", StoreForm.empty());
        model.addAttribute("errors", FormErrors.none());
        return list(model, null);
    }

    @PostMapping
    @PreAuthorize(Access.STAFF_ADMIN)
    String add(@ModelAttribute StoreForm form, Model model, RedirectAttributes redirect) {
        try {
            var store = stores.add(form.code(), form.name(), form.region(), form.city(), Boolean.TRUE.equals(form.live()));
            redirect.addFlashAttribute("flash", text("stores.added", store.name()));
            return "redirect:/console/stores";
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            model.addAttribute("form", form);
            return list(model, null);
        }
    }

    @PostMapping("/{id}/live")
    @PreAuthorize(Access.STAFF_ROLLOUT)
    String live(@PathVariable long id, @RequestParam boolean live, @RequestParam(required = false) String reason,
            Model model, RedirectAttributes redirect) {
        try {
            var store = stores.setLive(id, live, reason);
            redirect.addFlashAttribute("flash", text(live ? "stores.wentLive" : "stores.paused", store.name()));
            return "redirect:/console/stores";
        } catch (CommandRefusedException e) {
            model.addAttribute("form", StoreForm.empty());
            model.addAttribute("errors", FormErrors.none());
            return list(model, e instanceof CommandRefusedException.InvalidInput
                    ? text("stores.reasonRequired") : e.getMessage());
        }
    }

    private String list(Model model, String actionError) {
        model.addAttribute("stores", stores.all());
        model.addAttribute("actionError", actionError);
        return "staff/stores";
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
