package io.loyaltydesk.staff.internal;

import io.loyaltydesk.staff.Scope;
import java.security.Principal;
import java.util.Set;

/** An authenticated API key: its row id, its name and what it may do. Its principal name is stable: {@code api-key:<id>}. */
public record ApiKeyPrincipal(long id, String name, Set<Scope> scopes) implements Principal {

    @Override
    public String getName() {
        return "api-key:" + id;
    }
}
