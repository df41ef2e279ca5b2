package io.loyaltydesk.segments.internal;

import io.loyaltydesk.members.MemberErased;
import io.loyaltydesk.members.MembersMerged;
import io.loyaltydesk.segments.Segments;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Segment memberships follow merges (to the survivor) and erasures (gone), after the member change committed. */
@Component
class SegmentMemberChanges {

    private final Segments segments;

    SegmentMemberChanges(Segments segments) {
        this.segments = segments;
    }

    @ApplicationModuleListener
    void on(MembersMerged merged) {
        segments.mergeInto(merged.duplicate().value(), merged.survivor().value());
    }

    @ApplicationModuleListener
    void on(MemberErased erased) {
        segments.forget(erased.memberId().value());
    }
}
