package io.loyaltydesk.rules;

import java.time.LocalDate;
import java.util.Map;

/**
 * What the rules may know about the member at the time of a purchase.
 *
 * @param tier the member's tier code, or null when the program has no tiers yet
 * @param purchasesBefore purchases the member made before this one (0 = this is the first)
 * @param birthDate may be null
 * @param pointsByRule points each rule (by id) already awarded this member: today, this month, ever — for caps
 */
public record MemberFacts(long memberId, String tier, long purchasesBefore, LocalDate birthDate,
        LocalDate enrolledOn, Map<Long, RuleUsage> pointsByRule) {

    /** Points a rule already gave the member, per cap period. */
    public record RuleUsage(long today, long thisMonth, long lifetime) {
    }

    private static final RuleUsage NONE = new RuleUsage(0, 0, 0);

    public RuleUsage usage(long ruleId) {
        return pointsByRule.isEmpty() ? NONE : pointsByRule.getOrDefault(ruleId, NONE);
    }
}
