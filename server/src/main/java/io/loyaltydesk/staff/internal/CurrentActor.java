package io.loyaltydesk.staff.internal;

import io.loyaltydesk.staff.Actor;
import java.util.function.Supplier;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Reads who is acting from the security context of the current request; the system when there is none.
 * Work that runs outside a request on behalf of a named part of the system (the demo seed, later jobs) can
 * name itself with {@link #callAs}.
 */
public final class CurrentActor {

    private static final ThreadLocal<Actor> ASSUMED = new ThreadLocal<>();

    private CurrentActor() {
    }

    /** Runs {@code work} on this thread with {@code actor} as the one acting, then restores the previous one. */
    public static <T> T callAs(Actor actor, Supplier<T> work) {
        var previous = ASSUMED.get();
        ASSUMED.set(actor);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                ASSUMED.remove();
            } else {
                ASSUMED.set(previous);
            }
        }
    }

    public static Actor get() {
        var assumed = ASSUMED.get();
        if (assumed != null) {
            return assumed;
        }
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        var remoteAddr = remoteAddr();
        if (authentication != null) {
            switch (authentication.getPrincipal()) {
                case StaffUser user -> {
                    return new Actor(Actor.Type.STAFF, Long.toString(user.id()), user.getUsername(), remoteAddr);
                }
                case ApiKeyPrincipal key -> {
                    return new Actor(Actor.Type.API_KEY, Long.toString(key.id()), "api-key:" + key.name(), remoteAddr);
                }
                default -> {
                    if (authentication.isAuthenticated() && !"anonymousUser".equals(authentication.getName())) {
                        return new Actor(Actor.Type.STAFF, null, authentication.getName(), remoteAddr);
                    }
                }
            }
        }
        return new Actor(Actor.Type.SYSTEM, null, "system", remoteAddr);
    }

    private static String remoteAddr() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest().getRemoteAddr()
                : null;
    }
}
