package io.loyaltydesk.portal.internal;

import io.loyaltydesk.messaging.MessageBranding;
import io.loyaltydesk.portal.PortalBranding;
import org.springframework.stereotype.Component;

/** Messages carry the program name of the portal's brand. */
@Component
class PortalMessageBranding implements MessageBranding {

    private final PortalBranding branding;

    PortalMessageBranding(PortalBranding branding) {
        this.branding = branding;
    }

    @Override
    public String programName() {
        return branding.current().programName();
    }
}
