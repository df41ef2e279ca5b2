package io.loyaltydesk.engagement;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** A challenge as defined, with how many members earned its badge. */
public record Challenge(long id, String name, String description, BadgeIcon icon, ChallengeKind kind,
        BigDecimal target, String category, LocalDate startsOn, LocalDate endsOn, long rewardPoints, long earnedCount,
        Instant createdAt, Instant updatedAt) {

    public String iconPath() {
        return icon.path();
    }

    /** Whether the challenge runs on {@code day}. */
    public boolean activeOn(LocalDate day) {
        return !day.isBefore(startsOn) && (endsOn == null || !day.isAfter(endsOn));
    }
}
