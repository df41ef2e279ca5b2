package io.loyaltydesk.staff.internal;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/** Counts failed staff logins towards the lockout and clears the count on success. */
@Component
class LoginOutcomes {

    private final StaffAccounts accounts;

    LoginOutcomes(StaffAccounts accounts) {
        this.accounts = accounts;
    }

    @EventListener
    void failed(AuthenticationFailureBadCredentialsEvent event) {
        accounts.loginFailed(event.getAuthentication().getName());
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof StaffUser user) {
            accounts.loginSucceeded(user.id());
        }
    }
}
