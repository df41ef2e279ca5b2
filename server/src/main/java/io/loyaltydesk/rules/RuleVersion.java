package io.loyaltydesk.rules;

import java.time.Instant;

/** One saved version of a rule; versions are never changed once written. */
public record RuleVersion(long ruleId, int version, RuleDefinition definition, Instant createdAt, String createdBy) {
}
