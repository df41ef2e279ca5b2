package io.loyaltydesk.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExpiryPolicyTest {

    private static final Instant FEB_10 = Instant.parse("2025-02-10T15:30:00Z");

    @Test
    void neverExpiringPointsHaveNoDate() {
        assertThat(ExpiryPolicy.NEVER.expiresAt(FEB_10, 12)).isNull();
    }

    @Test
    void monthsAfterEarnKeepTheTimeOfDay() {
        assertThat(ExpiryPolicy.MONTHS_AFTER_EARN.expiresAt(FEB_10, 12)).isEqualTo("2026-02-10T15:30:00Z");
        assertThat(ExpiryPolicy.MONTHS_AFTER_EARN.expiresAt(FEB_10, 1)).isEqualTo("2025-03-10T15:30:00Z");
    }

    @Test
    void monthsAfterEarnStopAtTheEndOfAShorterMonth() {
        assertThat(ExpiryPolicy.MONTHS_AFTER_EARN.expiresAt(Instant.parse("2025-01-31T08:00:00Z"), 1))
                .isEqualTo("2025-02-28T08:00:00Z");
    }

    @Test
    void endOfQuarterExpiresAfterTheLastDayOfTheQuarterInWhichTheMonthsEnd() {
        assertThat(ExpiryPolicy.END_OF_QUARTER_AFTER_MONTHS.expiresAt(FEB_10, 12)).isEqualTo("2026-04-01T00:00:00Z");
        assertThat(ExpiryPolicy.END_OF_QUARTER_AFTER_MONTHS.expiresAt(Instant.parse("2025-05-20T00:00:00Z"), 12))
                .isEqualTo("2026-07-01T00:00:00Z");
        assertThat(ExpiryPolicy.END_OF_QUARTER_AFTER_MONTHS.expiresAt(Instant.parse("2025-08-01T00:00:00Z"), 3))
                .isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void theLastDayOfAQuarterStillBelongsToIt() {
        assertThat(ExpiryPolicy.END_OF_QUARTER_AFTER_MONTHS.expiresAt(Instant.parse("2025-03-31T23:59:00Z"), 12))
                .isEqualTo("2026-04-01T00:00:00Z");
        assertThat(ExpiryPolicy.END_OF_QUARTER_AFTER_MONTHS.expiresAt(Instant.parse("2025-04-01T00:00:00Z"), 12))
                .isEqualTo("2026-07-01T00:00:00Z");
    }

    @Test
    void endOfYearExpiresOnNewYearAfterTheYearInWhichTheMonthsEnd() {
        assertThat(ExpiryPolicy.END_OF_YEAR_AFTER_MONTHS.expiresAt(FEB_10, 12)).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(ExpiryPolicy.END_OF_YEAR_AFTER_MONTHS.expiresAt(Instant.parse("2025-12-31T23:00:00Z"), 12))
                .isEqualTo("2027-01-01T00:00:00Z");
        assertThat(ExpiryPolicy.END_OF_YEAR_AFTER_MONTHS.expiresAt(Instant.parse("2025-06-15T00:00:00Z"), 24))
                .isEqualTo("2028-01-01T00:00:00Z");
    }

    @Test
    void pointsNeverExpireBeforeTheMonthsHavePassed() {
        for (var policy : new ExpiryPolicy[] {ExpiryPolicy.MONTHS_AFTER_EARN, ExpiryPolicy.END_OF_QUARTER_AFTER_MONTHS,
                ExpiryPolicy.END_OF_YEAR_AFTER_MONTHS}) {
            var earned = Instant.parse("2024-01-01T00:00:00Z");
            for (int day = 0; day < 800; day += 7) {
                var at = earned.plusSeconds(day * 86_400L + 3_600);
                assertThat(policy.expiresAt(at, 12)).as(policy + " " + at)
                        .isAfterOrEqualTo(at.atOffset(java.time.ZoneOffset.UTC).plusMonths(12).toInstant());
            }
        }
    }
}
