package io.loyaltydesk.portal.internal;

import io.loyaltydesk.messaging.Inbox;
import io.loyaltydesk.portal.MemberPrincipal;
import io.loyaltydesk.portal.PortalBranding;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Every portal page shows the business's brand and the member's unread count in the navigation, whichever module
 * renders it (the help centre, surveys and engagement pages live in their own modules). Pages outside
 * {@code /portal} get neither, so the console and the API pay nothing for it.
 */
@ControllerAdvice(annotations = Controller.class)
class PortalModel {

    private final PortalBranding branding;
    private final Inbox inbox;

    PortalModel(PortalBranding branding, Inbox inbox) {
        this.branding = branding;
        this.inbox = inbox;
    }

    @ModelAttribute
    void portalPage(HttpServletRequest request, @AuthenticationPrincipal MemberPrincipal me, Model model) {
        var path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.equals("/portal") && !path.startsWith("/portal/")) {
            return;
        }
        model.addAttribute("branding", branding.current());
        model.addAttribute("unread", me == null ? 0 : inbox.unread(me.memberId()));
    }
}
