package io.loyaltydesk.portal;

import java.io.Serial;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** A member logged in to the portal. Carries no password: the portal checks it and forgets it. */
public record MemberPrincipal(long memberId, String email) implements UserDetails {

    @Serial
    private static final long serialVersionUID = 1L;

    public static final String ROLE = "ROLE_MEMBER";

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(ROLE));
    }

    @Override
    public String getPassword() {
        return null;
    }

    @Override
    public String getUsername() {
        return email;
    }
}
