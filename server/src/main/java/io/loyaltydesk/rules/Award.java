package io.loyaltydesk.rules;

/**
 * Points one rule gives one purchase, with the sentence that explains them, e.g.
 * "2x points on coffee (November promo): 7.00 EUR -> 14 points".
 */
public record Award(long ruleId, int ruleVersion, String ruleName, long points, String explanation) {
}
