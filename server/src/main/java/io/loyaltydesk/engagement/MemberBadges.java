package io.loyaltydesk.engagement;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A member's badges: the ones earned (newest first) and the running challenges not yet completed. */
public record MemberBadges(long memberId, List<Earned> earned, List<InProgress> inProgress) {

    public record Earned(Challenge challenge, Instant earnedAt, long pointsAwarded) {
    }

    /** {@code value} counted so far towards {@code challenge.target()}. */
    public record InProgress(Challenge challenge, BigDecimal value) {

        /** 0 to 100, rounded down, so a bar is never full before the badge is earned. */
        public int percent() {
            if (challenge.target().signum() <= 0) {
                return 0;
            }
            var ratio = value.multiply(BigDecimal.valueOf(100)).divide(challenge.target(), 0,
                    java.math.RoundingMode.FLOOR);
            return Math.max(0, Math.min(99, ratio.intValue()));
        }
    }
}
