package io.loyaltydesk.rewards;

import java.util.Set;

/**
 * The codes of the segments a member is in, for segment-exclusive rewards. The segments module implements it;
 * without it no member qualifies for a segment-exclusive reward.
 */
public interface MemberSegments {

    Set<String> segmentCodesOf(long memberId);
}
