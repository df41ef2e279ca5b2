package io.loyaltydesk.portal.internal;

import io.loyaltydesk.portal.MemberPrincipal;
import io.loyaltydesk.staff.Actor;
import java.util.function.Supplier;

/** What a member does in the portal is audited as that member, not as a staff user named like their email. */
final class MemberActors {

    private MemberActors() {
    }

    static <T> T as(MemberPrincipal me, Supplier<T> work) {
        var actor = new Actor(Actor.Type.MEMBER, Long.toString(me.memberId()), me.email(),
                Actor.current().remoteAddr());
        return Actor.callAs(actor, work);
    }
}
