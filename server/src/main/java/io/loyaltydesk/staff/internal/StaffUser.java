package io.loyaltydesk.staff.internal;

import io.loyaltydesk.staff.Role;
import java.io.Serial;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** A logged-in staff member as Spring Security sees it. */
public record StaffUser(long id, String username, String displayName, String passwordHash, Set<Role> roles,
        boolean enabled, Instant lockedUntil, Instant checkedAt) implements UserDetails {

    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return roles.stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList();
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isAccountNonLocked() {
        return lockedUntil == null || !lockedUntil.isAfter(checkedAt);
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
