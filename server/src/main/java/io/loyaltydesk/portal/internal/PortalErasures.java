package io.loyaltydesk.portal.internal;

import io.loyaltydesk.members.MemberErased;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

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
