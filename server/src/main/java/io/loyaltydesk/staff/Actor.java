package io.loyaltydesk.staff;

import io.loyaltydesk.staff.internal.CurrentActor;
import java.util.function.Supplier;

/**
 * Who did something: a staff member, an API key, a member or the system itself, and from where.
 */
public record Actor(Type type, String id, String name, String remoteAddr) {

    public enum Type { STAFF, API_KEY, MEMBER, SYSTEM }

    /** Whoever is acting in the current request; the system outside of one. */
    public static Actor current() {
        return CurrentActor.get();
    }

    public static Actor system(String what) {
        return new Actor(Type.SYSTEM, null, what, null);
    }

    /**
     * Runs {@code work} on the current thread as {@code actor}, so that everything it changes is audited under
     * that name; for work outside a request, such as the demo seed ({@code Actor.system("demo")}).
     */
    public static <T> T callAs(Actor actor, Supplier<T> work) {
        return CurrentActor.callAs(actor, work);
    }
}
