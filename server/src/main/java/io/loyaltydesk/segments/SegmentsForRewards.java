package io.loyaltydesk.segments;

import io.loyaltydesk.rewards.MemberSegments;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Lets segment-exclusive rewards see which segments a member is in. */
@Component
class SegmentsForRewards implements MemberSegments {

    private final Segments segments;

    SegmentsForRewards(Segments segments) {
        this.segments = segments;
    }

    @Override
    public Set<String> segmentCodesOf(long memberId) {
        return segments.segmentCodesOf(memberId);
    }
}
