package io.loyaltydesk.staff;

import io.loyaltydesk.staff.internal.StaffAccounts;
import java.util.EnumSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff accounts as other modules may touch them. The full account management (roles, passwords, lockout)
 * stays inside this module; this is the narrow door for modules that set up an installation, such as the
 * demo seed.
 */
@Service
public class StaffDirectory {

    private final StaffAccounts accounts;

    StaffDirectory(StaffAccounts accounts) {
        this.accounts = accounts;
    }

    /**
     * Creates an enabled staff account with one role unless an account with that username (in any case)
     * already exists; an existing account is left exactly as it is. The creation is audited.
     *
     * @return true when the account was created now
     * @throws io.loyaltydesk.platform.CommandRefusedException.InvalidInput for a bad username or a password
     *         shorter than 12 characters
     */
    @Transactional
    public boolean createIfAbsent(String username, String displayName, Role role, String password) {
        boolean exists = accounts.all().stream().anyMatch(a -> a.username().equalsIgnoreCase(username));
        if (exists) {
            return false;
        }
        accounts.create(new StaffAccounts.NewStaff(username, displayName, null, EnumSet.of(role), password));
        return true;
    }

    /** The username as stored of the enabled staff account with this username in any case; for @mentions. */
    @Transactional(readOnly = true)
    public java.util.Optional<String> username(String username) {
        return username == null ? java.util.Optional.empty() : accounts.all().stream()
                .filter(a -> a.enabled() && a.username().equalsIgnoreCase(username))
                .map(StaffAccounts.StaffAccount::username).findFirst();
    }
}
