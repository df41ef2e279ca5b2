package io.loyaltydesk.platform;

import java.time.Instant;
import java.util.List;

/**
 * Values for the array parameters of set-based statements ({@code unnest(cast(:p as bigint[]))}). The PostgreSQL
 * driver binds arrays of numbers and strings, not of timestamps, so times travel as microseconds since the epoch
 * and the statement turns them back with {@link #TIMESTAMP}.
 */
public final class SqlArrays {

    /** SQL that turns a microseconds column {@code %s} into a timestamptz, e.g. {@code TIMESTAMP.formatted("q.at")}. */
    public static final String TIMESTAMP = "(timestamptz 'epoch' + %s * interval '1 microsecond')";

    private SqlArrays() {
    }

    /** Microseconds since the epoch (PostgreSQL's precision); null stays null. */
    public static Long micros(Instant at) {
        return at == null ? null
                : Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    public static Long[] micros(List<Instant> ats) {
        return ats.stream().map(SqlArrays::micros).toArray(Long[]::new);
    }
}
