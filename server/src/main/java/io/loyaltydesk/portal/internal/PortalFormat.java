package io.loyaltydesk.portal.internal;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.springframework.context.MessageSource;

/**
 * Numbers and dates as a member reads them, in the member's language: "1,250", "in 12 days — 5 Dec",
 * "yesterday — 3 Nov". Days are counted in the program's time zone.
 */
public final class PortalFormat {

    private final MessageSource messages;
    private final Locale locale;
    private final ZoneId zone;
    private final LocalDate today;

    PortalFormat(MessageSource messages, Locale locale, Clock clock, ZoneId zone) {
        this.messages = messages;
        this.locale = locale;
        this.zone = zone;
        this.today = LocalDate.ofInstant(clock.instant(), zone);
    }

    String text(String key, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    public String points(long points) {
        return NumberFormat.getIntegerInstance(locale).format(points);
    }

    public String number(BigDecimal value) {
        var format = NumberFormat.getNumberInstance(locale);
        format.setMaximumFractionDigits(2);
        return format.format(value);
    }

    /** "5 Dec", with the year when it is not this year. */
    public String day(Instant at) {
        var date = LocalDate.ofInstant(at, zone);
        var pattern = text(date.getYear() == today.getYear() ? "portal.date.day" : "portal.date.dayYear");
        return DateTimeFormatter.ofPattern(pattern, locale).format(date);
    }

    /** "today", "tomorrow", "in 12 days", "3 days ago". */
    public String relative(Instant at) {
        long days = ChronoUnit.DAYS.between(today, LocalDate.ofInstant(at, zone));
        if (days == 0) {
            return text("portal.date.today");
        } else if (days == 1) {
            return text("portal.date.tomorrow");
        } else if (days == -1) {
            return text("portal.date.yesterday");
        }
        return days > 0 ? text("portal.date.inDays", days) : text("portal.date.daysAgo", -days);
    }

    /** Relative and absolute together: "in 12 days — 5 Dec". */
    public String when(Instant at) {
        return text("portal.date.when", relative(at), day(at));
    }

    /** The time of day, for history entries: "14:05". */
    public String time(Instant at) {
        return DateTimeFormatter.ofPattern("HH:mm", locale).format(at.atZone(zone));
    }
}
