package io.loyaltydesk.surveys;

import java.time.Instant;

/** One member's answer to one campaign: 0-10 and an optional comment. */
public record NpsAnswer(long campaignId, long memberId, int score, String comment, Instant answeredAt,
        Instant changedAt) {

    public enum Group { PROMOTER, PASSIVE, DETRACTOR }

    public Group group() {
        return NpsResults.groupOf(score);
    }
}
