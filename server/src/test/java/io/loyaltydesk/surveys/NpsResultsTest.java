package io.loyaltydesk.surveys;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class NpsResultsTest {

    private static final NpsCampaign CAMPAIGN = new NpsCampaign(1, "Test", null, LocalDate.of(2026, 11, 1),
            LocalDate.of(2026, 11, 30), "?", "tester", java.time.Instant.EPOCH);

    private static long[] answers(int... scores) {
        var distribution = new long[11];
        for (int s : scores) {
            distribution[s]++;
        }
        return distribution;
    }

    @Test
    void npsIsPromotersMinusDetractorsInPercent() {
        // 5 promoters (9, 10), 3 passives (7, 8), 2 detractors (0-6) of 10: 50 % - 20 % = 30
        var results = NpsResults.of(CAMPAIGN, answers(10, 10, 9, 9, 9, 8, 7, 7, 6, 0), List.of());
        assertThat(results.responses()).isEqualTo(10);
        assertThat(results.promoters()).isEqualTo(5);
        assertThat(results.passives()).isEqualTo(3);
        assertThat(results.detractors()).isEqualTo(2);
        assertThat(results.score()).isEqualByComparingTo(new BigDecimal("30.0"));
    }

    @Test
    void theBoundariesAreSixSevenEightNine() {
        assertThat(NpsResults.groupOf(6)).isEqualTo(NpsAnswer.Group.DETRACTOR);
        assertThat(NpsResults.groupOf(7)).isEqualTo(NpsAnswer.Group.PASSIVE);
        assertThat(NpsResults.groupOf(8)).isEqualTo(NpsAnswer.Group.PASSIVE);
        assertThat(NpsResults.groupOf(9)).isEqualTo(NpsAnswer.Group.PROMOTER);
    }

    @Test
    void theScoreRunsFromMinusToPlusHundredAndIsRoundedToOneDecimal() {
        assertThat(NpsResults.of(CAMPAIGN, answers(0, 3, 6), List.of()).score())
                .isEqualByComparingTo(new BigDecimal("-100"));
        assertThat(NpsResults.of(CAMPAIGN, answers(9, 10), List.of()).score()).isEqualByComparingTo("100");
        // 1 promoter, 1 passive, 1 detractor of 3: 0; 2 promoters, 1 detractor of 3: 33.3
        assertThat(NpsResults.of(CAMPAIGN, answers(10, 7, 2), List.of()).score()).isEqualByComparingTo("0");
        assertThat(NpsResults.of(CAMPAIGN, answers(10, 9, 2), List.of()).score()).isEqualByComparingTo("33.3");
        assertThat(NpsResults.of(CAMPAIGN, answers(), List.of()).score()).isNull();
    }
}
