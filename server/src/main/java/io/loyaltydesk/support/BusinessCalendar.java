package io.loyaltydesk.support;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When the support team works: weekly opening hours in a time zone, minus holidays. SLA targets count only these
 * business minutes, so a conversation that arrives on Friday evening is due on Monday morning, not on Saturday.
 */
public record BusinessCalendar(ZoneId zone, Map<DayOfWeek, List<Hours>> week, Set<LocalDate> holidays) {

    /** Open from {@code opens} (inclusive) to {@code closes} (exclusive) on one weekday, in local time. */
    public record Hours(LocalTime opens, LocalTime closes) {

        public Hours {
            if (!closes.isAfter(opens)) {
                throw new IllegalArgumentException("closes must be after opens");
            }
        }
    }

    /** How far ahead a due time is looked for; a calendar with hardly any hours still gives an answer. */
    private static final int DAYS_AHEAD_MAX = 3 * 366;

    public BusinessCalendar {
        var copy = new EnumMap<DayOfWeek, List<Hours>>(DayOfWeek.class);
        week.forEach((day, hours) -> copy.put(day,
                hours.stream().sorted(Comparator.comparing(Hours::opens)).toList()));
        week = Map.copyOf(copy);
        holidays = Set.copyOf(holidays);
    }

    /** Around the clock, every day: a policy without a calendar. */
    public static BusinessCalendar always(ZoneId zone) {
        var week = new EnumMap<DayOfWeek, List<Hours>>(DayOfWeek.class);
        for (var day : DayOfWeek.values()) {
            week.put(day, List.of(new Hours(LocalTime.MIN, LocalTime.MAX)));
        }
        return new BusinessCalendar(zone, week, Set.of());
    }

    /**
     * The moment {@code businessTime} of working time after {@code from}: the clock only runs while the team is open.
     * Arriving outside the hours starts the clock at the next opening.
     */
    public Instant plus(Instant from, Duration businessTime) {
        var remaining = businessTime;
        var start = from.atZone(zone);
        var date = start.toLocalDate();
        for (int i = 0; i < DAYS_AHEAD_MAX; i++, date = date.plusDays(1)) {
            if (holidays.contains(date)) {
                continue;
            }
            for (var hours : week.getOrDefault(date.getDayOfWeek(), List.of())) {
                var opens = date.atTime(hours.opens()).atZone(zone).toInstant();
                // LocalTime.MAX stands for midnight at the end of the day
                var closes = hours.closes().equals(LocalTime.MAX) ? date.plusDays(1).atStartOfDay(zone).toInstant()
                        : date.atTime(hours.closes()).atZone(zone).toInstant();
                var begin = opens.isBefore(from) ? from : opens;
                if (!begin.isBefore(closes)) {
                    continue;
                }
                var open = Duration.between(begin, closes);
                if (remaining.compareTo(open) <= 0) {
                    return begin.plus(remaining);
                }
                remaining = remaining.minus(open);
            }
        }
        throw new IllegalStateException("the calendar has no working hours in the next " + DAYS_AHEAD_MAX + " days");
    }

    /** Whether the team works at that moment. */
    public boolean isOpen(Instant at) {
        var local = at.atZone(zone);
        if (holidays.contains(local.toLocalDate())) {
            return false;
        }
        var time = local.toLocalTime();
        return week.getOrDefault(local.getDayOfWeek(), List.of()).stream()
                .anyMatch(h -> !time.isBefore(h.opens()) && (h.closes().equals(LocalTime.MAX) || time.isBefore(h.closes())));
    }
}
