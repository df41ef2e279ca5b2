package io.loyaltydesk.portal.internal;

import io.loyaltydesk.messaging.Inbox;
import io.loyaltydesk.portal.Branding;
import io.loyaltydesk.portal.MemberPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import io.loyaltydesk.portal.PortalBranding;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Every portal page shows the business's brand. */
@ControllerAdvice(assignableTypes = {AccountPages.class, PortalPages.class, PortalAssets.class,
        AccountLinkPages.class, AccountSettingsPages.class, RewardPages.class, HelpPages.class, ChatPage.class})
class PortalModel {

    private final PortalBranding branding;
    private final Inbox inbox;

    PortalModel(PortalBranding branding, Inbox inbox) {
        this.branding = branding;
        this.inbox = inbox;
    }

    /** Unread messages in the member's inbox, for the badge in the navigation. */
    @ModelAttribute("unread")
    int unread(@AuthenticationPrincipal MemberPrincipal me) {
        return me == null ? 0 : inbox.unread(me.memberId());
    }

    @ModelAttribute("branding")
    Branding branding() {
        return branding.current();
    }
}
