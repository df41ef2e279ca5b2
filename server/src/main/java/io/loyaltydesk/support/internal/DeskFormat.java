package io.loyaltydesk.support.internal;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/** Numbers and times on the desk, in the reader's language and the program's time zone. */
public final class DeskFormat {

    private final Locale locale;
    private final Clock clock;

    DeskFormat(Locale locale, Clock clock) {
        this.locale = locale;
        this.clock = clock;
    }

    public String points(long points) {
        return NumberFormat.getIntegerInstance(locale).format(points);
    }

    public String signed(long points) {
        return (points > 0 ? "+" : points < 0 ? "\u2212" : "") + points(Math.abs(points));
    }

    public String money(BigDecimal amount, String currency) {
        var format = NumberFormat.getNumberInstance(locale);
        format.setMinimumFractionDigits(2);
        format.setMaximumFractionDigits(2);
        return format.format(amount) + " " + currency;
    }

    public String date(Instant at) {
        return at == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale)
                .format(at.atZone(clock.getZone()));
    }

    public String dateTime(Instant at) {
        return at == null ? "" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale).format(at.atZone(clock.getZone()));
    }

    /** The machine-readable form for {@code <time datetime>}. */
    public String iso(Instant at) {
        return at == null ? "" : at.toString();
    }
}
