package io.loyaltydesk.staff.internal;

import io.loyaltydesk.staff.Scope;
import java.util.Set;

/** An authenticated API key: its row id, its name and what it may do. */
public record ApiKeyPrincipal(long id, String name, Set<Scope> scopes) {
}
