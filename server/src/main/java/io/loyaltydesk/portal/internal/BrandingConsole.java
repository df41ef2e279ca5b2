package io.loyaltydesk.portal.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.portal.PortalBranding;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.web.FormErrors;
import java.io.IOException;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Program managers set the portal's program name, accent colour and logo. */
@Controller
@RequestMapping("/console/settings/branding")
class BrandingConsole {

    private final PortalBranding branding;
    private final MessageSource messages;

    BrandingConsole(PortalBranding branding, MessageSource messages) {
        this.branding = branding;
        this.messages = messages;
    }

    record BrandingForm(String programName, String accentColour, Boolean removeLogo, String reason) {
    }

    @GetMapping
    @PreAuthorize(Access.STAFF_PROGRAM)
    String show(Model model) {
        var current = branding.current();
        model.addAttribute("form", new BrandingForm(current.programName(), current.accentColour(), false, null));
        model.addAttribute("errors", FormErrors.none());
        return page(model);
    }

    @PostMapping
    @PreAuthorize(Access.STAFF_PROGRAM)
    String save(@ModelAttribute BrandingForm form, @RequestParam(required = false) MultipartFile logo, Model model,
            RedirectAttributes redirect) throws IOException {
        try {
            var upload = logo == null || logo.isEmpty() ? null
                    : new PortalBranding.Logo(logo.getBytes(), logo.getContentType());
            branding.update(new PortalBranding.Change(form.programName(), form.accentColour(), upload,
                    Boolean.TRUE.equals(form.removeLogo()), form.reason()));
            redirect.addFlashAttribute("flash",
                    messages.getMessage("portal.branding.saved", null, LocaleContextHolder.getLocale()));
            return "redirect:/console/settings/branding";
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            model.addAttribute("form", form);
            return page(model);
        }
    }

    /** The welcome points live on the same page: the portal's program settings. */
    @PostMapping("/welcome-points")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String saveWelcomePoints(@RequestParam(required = false) String welcomePoints,
            @RequestParam(required = false) String welcomeReason, Model model, RedirectAttributes redirect) {
        try {
            Integer points = welcomePoints == null || !welcomePoints.strip().matches("\\d{1,9}") ? null
                    : Integer.valueOf(welcomePoints.strip());
            branding.updateWelcomePoints(points, welcomeReason);
            redirect.addFlashAttribute("flash",
                    messages.getMessage("portal.welcomePoints.saved", null, LocaleContextHolder.getLocale()));
            return "redirect:/console/settings/branding";
        } catch (CommandRefusedException.InvalidInput e) {
            var current = branding.current();
            model.addAttribute("form", new BrandingForm(current.programName(), current.accentColour(), false, null));
            model.addAttribute("errors", FormErrors.none());
            var welcomeErrors = new java.util.LinkedHashMap<String, String>();
            e.problems().forEach(p -> welcomeErrors.put(p.field(), p.message()));
            model.addAttribute("welcomeErrors", welcomeErrors);
            model.addAttribute("welcomeValue", welcomePoints);
            return page(model);
        }
    }

    private String page(Model model) {
        model.addAttribute("current", branding.current());
        model.addAttribute("welcomePoints", branding.welcomePoints());
        if (!model.containsAttribute("welcomeErrors")) {
            model.addAttribute("welcomeErrors", java.util.Map.of());
        }
        return "portal/branding";
    }
}
