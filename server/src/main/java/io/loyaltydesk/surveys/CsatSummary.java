package io.loyaltydesk.surveys;

import java.math.BigDecimal;

/**
 * CSAT over some surveys: how many were sent and answered, the average rating (one decimal; null without
 * answers) and the share of satisfied answers (4 or 5) in percent.
 */
public record CsatSummary(long sent, long answered, BigDecimal average, Integer satisfiedPercent) {
}
