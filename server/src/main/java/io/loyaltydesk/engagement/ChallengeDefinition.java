package io.loyaltydesk.engagement;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What a program manager defines: the badge (name, description, icon), what earns it ({@code kind}, {@code target},
 * {@code category} for {@link ChallengeKind#CATEGORY_SPEND}), when it runs ({@code startsOn} to {@code endsOn}
 * inclusive, open-ended without an end) and the points given with the badge (0 for none).
 */
public record ChallengeDefinition(String name, String description, BadgeIcon icon, ChallengeKind kind,
        BigDecimal target, String category, LocalDate startsOn, LocalDate endsOn, long rewardPoints) {
}
