package io.loyaltydesk.support;

/** A named business-hours calendar as the console edits it. */
public record SupportCalendar(long id, String name, BusinessCalendar calendar) {
}
