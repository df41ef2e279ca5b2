package io.loyaltydesk.surveys;

import java.time.Instant;

/**
 * The satisfaction survey of one solved conversation: sent when it was solved, answerable until {@code expiresAt},
 * answered 1-5 with an optional comment, changeable until {@code changeableUntil}.
 */
public record CsatSurvey(long conversationId, long memberId, String assignee, Instant sentAt, Instant expiresAt,
        Integer rating, String comment, Instant answeredAt, Instant changedAt, Instant changeableUntil) {

    public boolean answered() {
        return rating != null;
    }

    /** Whether the member may answer (or change the answer) at this moment. */
    public boolean open(Instant now) {
        return now.isBefore(expiresAt) && (!answered() || now.isBefore(changeableUntil));
    }
}
