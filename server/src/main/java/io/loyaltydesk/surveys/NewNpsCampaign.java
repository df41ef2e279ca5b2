package io.loyaltydesk.surveys;

/**
 * A campaign as a program manager enters it: dates as ISO text (yyyy-mm-dd), a segment code or blank for everyone,
 * and the question (blank for the standard one).
 */
public record NewNpsCampaign(String name, String segmentCode, String startsOn, String endsOn, String question) {
}
