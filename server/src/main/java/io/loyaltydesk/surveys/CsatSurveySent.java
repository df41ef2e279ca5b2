package io.loyaltydesk.surveys;

/**
 * A solved conversation's CSAT survey was created. Published in the transaction that solved the conversation, for
 * the channels that send it (email): they ask {@link CsatSurveys#link} for the signed link when they send, so the
 * link itself is never stored with the event.
 */
public record CsatSurveySent(long conversationId, long memberId) {
}
