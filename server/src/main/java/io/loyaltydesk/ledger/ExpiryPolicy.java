package io.loyaltydesk.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

/** When earned points expire. */
public enum ExpiryPolicy {
    /** Points never expire. */
    NEVER,
    /** N months after the day they were earned. */
    MONTHS_AFTER_EARN,
    /** At the end of the calendar quarter in which the N months end. */
    END_OF_QUARTER_AFTER_MONTHS,
    /** At the end of the calendar year in which the N months end. */
    END_OF_YEAR_AFTER_MONTHS;

    /** The expiry instant for points earned at {@code earnedAt}, or null for never. Periods end at UTC midnight. */
    public Instant expiresAt(Instant earnedAt, int months) {
        var day = LocalDate.ofInstant(earnedAt, ZoneOffset.UTC).plusMonths(months);
        return switch (this) {
            case NEVER -> null;
            case MONTHS_AFTER_EARN -> earnedAt.atOffset(ZoneOffset.UTC).plusMonths(months).toInstant();
            case END_OF_QUARTER_AFTER_MONTHS -> startOfDayAfter(day
                    .with(IsoFields.DAY_OF_QUARTER, 1).plusMonths(3).minusDays(1));
            case END_OF_YEAR_AFTER_MONTHS -> startOfDayAfter(day.with(TemporalAdjusters.lastDayOfYear()));
        };
    }

    private static Instant startOfDayAfter(LocalDate lastDay) {
        return lastDay.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
