package io.loyaltydesk.staff.internal;

import io.loyaltydesk.staff.Actor;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Reads who is acting from the security context of the current request; the system when there is none. */
public final class CurrentActor {

    private CurrentActor() {
    }

    public static Actor get() {
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
