package io.loyaltydesk.rules.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * The local time of instants in the program's zone, as {@link LocalDateTime#ofInstant} gives it. Finding the
 * zone's offset for an instant searches its rules each time (a tenth of a rule evaluation); this remembers the
 * offset of the period between two of the zone's transitions (summer and winter time) that the last instant was in,
 * so purchases of the same months need no search. Thread-safe.
 */
final class LocalTimes {

    /** The zone's offset from {@code fromSecond} (inclusive) to {@code toSecond} (exclusive), epoch seconds. */
    private record Period(long fromSecond, long toSecond, ZoneOffset offset) {

        boolean contains(long second) {
            return second >= fromSecond && second < toSecond;
        }
    }

    private final ZoneRules rules;
    private volatile Period last;

    LocalTimes(ZoneId zone) {
        this.rules = zone.getRules();
    }

    LocalDateTime of(Instant instant) {
        long second = instant.getEpochSecond();
        var period = last;
        if (period == null || !period.contains(second)) {
            period = periodAround(instant);
            last = period;
        }
        return LocalDateTime.ofEpochSecond(second, instant.getNano(), period.offset());
    }

    private Period periodAround(Instant instant) {
        var offset = rules.getOffset(instant);
        if (rules.isFixedOffset()) {
            return new Period(Long.MIN_VALUE, Long.MAX_VALUE, offset);
        }
        var next = rules.nextTransition(instant); // the first one after the instant
        var previous = rules.previousTransition(instant); // the last one before it, not one exactly at it
        // when a transition is exactly at the instant, the previous one led to another offset: start at the instant
        long from = previous != null && previous.getOffsetAfter().equals(offset) ? previous.toEpochSecond()
                : instant.getEpochSecond();
        return new Period(from, next == null ? Long.MAX_VALUE : next.toEpochSecond(), offset);
    }
}
