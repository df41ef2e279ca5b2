package io.loyaltydesk.rules;

import java.time.Instant;

/** An earning rule with its current version. */
public record Rule(long id, RuleStatus status, int version, RuleDefinition definition, Instant createdAt,
        Instant updatedAt) {
}
