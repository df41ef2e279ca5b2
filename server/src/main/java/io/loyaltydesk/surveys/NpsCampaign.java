package io.loyaltydesk.surveys;

import java.time.Instant;
import java.time.LocalDate;

/** An NPS campaign: who is asked (a segment, or every member when {@code segmentCode} is null) and when. */
public record NpsCampaign(long id, String name, String segmentCode, LocalDate startsOn, LocalDate endsOn,
        String question, String createdBy, Instant createdAt) {

    public boolean runningOn(LocalDate day) {
        return !day.isBefore(startsOn) && !day.isAfter(endsOn);
    }
}
