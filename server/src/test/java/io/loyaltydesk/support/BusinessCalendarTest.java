package io.loyaltydesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static BusinessCalendar officeHours(Set<LocalDate> holidays) {
        var week = new EnumMap<DayOfWeek, List<BusinessCalendar.Hours>>(DayOfWeek.class);
        for (var day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            week.put(day, List.of(new BusinessCalendar.Hours(LocalTime.of(9, 0), LocalTime.of(12, 0)),
                    new BusinessCalendar.Hours(LocalTime.of(13, 0), LocalTime.of(17, 0))));
        }
        return new BusinessCalendar(BERLIN, week, holidays);
    }

    private static java.time.Instant at(String local) {
        return LocalDateTime.parse(local).atZone(BERLIN).toInstant();
    }

    @Test
    void fridayEveningMessagesAreDueOnMondayMorning() {
        var calendar = officeHours(Set.of());
        assertThat(calendar.plus(at("2026-11-27T16:30"), Duration.ofMinutes(60))).isEqualTo(at("2026-11-30T09:30"));
        assertThat(calendar.plus(at("2026-11-28T03:00"), Duration.ofMinutes(60))).isEqualTo(at("2026-11-30T10:00"));
    }

    @Test
    void theLunchBreakAndTheNightDoNotCount() {
        var calendar = officeHours(Set.of());
        assertThat(calendar.plus(at("2026-11-24T11:30"), Duration.ofMinutes(60))).isEqualTo(at("2026-11-24T13:30"));
        assertThat(calendar.plus(at("2026-11-24T16:50"), Duration.ofMinutes(30))).isEqualTo(at("2026-11-25T09:20"));
        // a full working day is 7 hours
        assertThat(calendar.plus(at("2026-11-24T09:00"), Duration.ofHours(7))).isEqualTo(at("2026-11-24T17:00"));
        assertThat(calendar.plus(at("2026-11-24T09:00"), Duration.ofHours(8))).isEqualTo(at("2026-11-25T10:00"));
    }

    @Test
    void holidaysAreSkipped() {
        var calendar = officeHours(Set.of(LocalDate.parse("2026-12-25"), LocalDate.parse("2026-12-28")));
        // Thursday 24 Dec 16:00 + 2 h: 1 h on Thursday, Friday 25th and Monday 28th are holidays -> Tuesday 10:00
        assertThat(calendar.plus(at("2026-12-24T16:00"), Duration.ofHours(2))).isEqualTo(at("2026-12-29T10:00"));
        assertThat(calendar.isOpen(at("2026-12-25T10:00"))).isFalse();
        assertThat(calendar.isOpen(at("2026-12-29T10:00"))).isTrue();
        assertThat(calendar.isOpen(at("2026-12-29T12:30"))).isFalse();
    }

    @Test
    void hoursFollowTheLocalClockAcrossDaylightSavingTime() {
        var calendar = officeHours(Set.of());
        // clocks went back on Sunday 25 Oct 2026; Friday 16:00 + 2 h is Monday 10:00 local time
        assertThat(calendar.plus(at("2026-10-23T16:00"), Duration.ofHours(2))).isEqualTo(at("2026-10-26T10:00"));
    }

    @Test
    void aroundTheClockCountsEveryMinute() {
        var always = BusinessCalendar.always(BERLIN);
        assertThat(always.plus(at("2026-11-28T23:30"), Duration.ofMinutes(60))).isEqualTo(at("2026-11-29T00:30"));
    }
}
