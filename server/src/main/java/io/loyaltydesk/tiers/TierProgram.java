package io.loyaltydesk.tiers;

/**
 * How the whole program qualifies members for tiers: one metric over one window, the same for every tier.
 *
 * @param windowMonths the length of a ROLLING_MONTHS window (ignored for CALENDAR_YEAR)
 * @param graceDays how long a member keeps a tier after the review found it no longer earned
 */
public record TierProgram(Metric metric, Window window, Integer windowMonths, Integer graceDays) {

    /** What is counted: points earned on purchases, money spent, or purchases (visits); returns count negative. */
    public enum Metric {
        POINTS, SPEND, VISITS
    }

    /** Over which time the metric is counted. */
    public enum Window {
        /** The last {@code windowMonths} months up to now, reviewed daily. */
        ROLLING_MONTHS,
        /** The calendar year; reviewed at its end for the next year. */
        CALENDAR_YEAR
    }
}
