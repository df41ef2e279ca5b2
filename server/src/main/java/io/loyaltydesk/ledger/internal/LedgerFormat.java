package io.loyaltydesk.ledger.internal;

import java.text.NumberFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.springframework.context.MessageSource;

/**
 * Formats points and dates for the ledger pages in the reader's locale: thousands separators, signs spelled
 * out (so a colour is never the only hint), dates as yyyy-MM-dd with a relative day count. Dates are shown in
 * UTC because the ledger's expiry periods end at UTC midnight.
 */
public final class LedgerFormat {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final MessageSource messages;
    private final Locale locale;
    private final LocalDate today;

    LedgerFormat(MessageSource messages, Locale locale, Clock clock) {
        this.messages = messages;
        this.locale = locale;
        this.today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** 1234 as "1,234" (or "1.234" in German). */
    public String points(long points) {
        return NumberFormat.getIntegerInstance(locale).format(points);
    }

    /** The size of an amount without its sign, for moves between a member's own accounts. */
    public String unsigned(long points) {
        return points(Math.abs(points));
    }

    /** A signed amount with its sign as text: "+20", "−1,500", "0". */
    public String signed(long points) {
        var magnitude = points(Math.abs(points));
        return points > 0 ? "+" + magnitude : points < 0 ? "\u2212" + magnitude : magnitude;
    }

    public String date(Instant at) {
        return at == null ? "—" : DAY.format(at.atOffset(ZoneOffset.UTC));
    }

    public String dateTime(Instant at) {
        return at == null ? "—" : MINUTE.format(at.atOffset(ZoneOffset.UTC));
    }

    /** "today", "in 12 days", "3 days ago". */
    public String relative(Instant at) {
        if (at == null) {
            return "";
        }
        long days = ChronoUnit.DAYS.between(today, LocalDate.ofInstant(at, ZoneOffset.UTC));
        if (days == 0) {
            return text("ledger.rel.today");
        }
        return days > 0 ? text("ledger.rel.future", days) : text("ledger.rel.past", -days);
    }

    /** "2026-12-05 (in 12 days)". */
    public String dateRelative(Instant at) {
        return at == null ? "—" : date(at) + " (" + relative(at) + ")";
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, locale);
    }
}
