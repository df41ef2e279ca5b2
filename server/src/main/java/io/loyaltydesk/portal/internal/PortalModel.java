package io.loyaltydesk.portal.internal;

import io.loyaltydesk.portal.Branding;
import io.loyaltydesk.portal.PortalBranding;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Every portal page shows the business's brand. */
@ControllerAdvice(assignableTypes = {AccountPages.class, PortalPages.class, PortalAssets.class, ChatPage.class})
class PortalModel {

    private final PortalBranding branding;

    PortalModel(PortalBranding branding) {
        this.branding = branding;
    }

    @ModelAttribute("branding")
    Branding branding() {
        return branding.current();
    }
}
