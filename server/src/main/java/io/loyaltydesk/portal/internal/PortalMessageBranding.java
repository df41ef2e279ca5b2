package io.loyaltydesk.portal.internal;

import io.loyaltydesk.members.MemberErased;
import io.loyaltydesk.messaging.MessageBranding;
import io.loyaltydesk.portal.PortalBranding;
import org.springframework.modulith.events.ApplicationModuleListener;
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

/** A member erased by staff (or by themselves) loses their login: it holds their email. */
@Component
class PortalErasures {

    private final MemberAccounts accounts;

    PortalErasures(MemberAccounts accounts) {
        this.accounts = accounts;
    }

    @ApplicationModuleListener
    void on(MemberErased erased) {
        accounts.forget(erased.memberId().value());
    }
}
