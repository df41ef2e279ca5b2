package io.loyaltydesk.ledger;

import java.time.Instant;

/**
 * Points to credit for one reason (typically one rule's award on one purchase).
 *
 * @param occurredAt the business time of what earned the points: the return window and expiry count from it
 * @param explanation the sentence the member and the agent read, e.g. "2x points on coffee (Nov promo): 7.00 EUR -> 14 points"
 */
public record EarnRequest(long memberId, long points, Instant occurredAt, String sourceType, String sourceId,
        Long ruleId, Integer ruleVersion, String explanation) {
}
