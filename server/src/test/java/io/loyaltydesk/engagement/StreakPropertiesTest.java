package io.loyaltydesk.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The streak a challenge counts: the longest run of consecutive weeks with a purchase. */
class StreakPropertiesTest {

    private static final LocalDate MONDAY = LocalDate.of(2026, 1, 5);

    private static List<LocalDate> days(List<Integer> offsets) {
        return offsets.stream().map(MONDAY::plusDays).toList();
    }

    @Property
    void neitherOrderNorRepeatsMatter(@ForAll @Size(max = 40) List<@IntRange(min = 0, max = 400) Integer> offsets) {
        var shuffled = new ArrayList<>(days(offsets));
        Collections.reverse(shuffled);
        shuffled.addAll(days(offsets));
        assertThat(Challenges.longestStreak(shuffled)).isEqualTo(Challenges.longestStreak(days(offsets)));
    }

    @Property
    void anotherPurchaseNeverShortensTheStreak(@ForAll @Size(max = 40) List<@IntRange(min = 0, max = 400) Integer> offsets,
            @ForAll @IntRange(min = 0, max = 400) int extra) {
        var more = new ArrayList<>(days(offsets));
        more.add(MONDAY.plusDays(extra));
        assertThat(Challenges.longestStreak(more)).isGreaterThanOrEqualTo(Challenges.longestStreak(days(offsets)));
    }

    @Property
    void theStreakIsBetweenOneAndTheNumberOfWeeksWithAPurchase(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 400) Integer> offsets) {
        long weeks = offsets.stream().map(o -> o / 7).distinct().count();
        assertThat(Challenges.longestStreak(days(offsets))).isBetween(1, (int) weeks);
    }

    @Property
    void everyDayOfNWeeksInARowIsAStreakOfN(@ForAll @IntRange(min = 1, max = 30) int weeks,
            @ForAll @IntRange(min = 0, max = 6) int weekday) {
        var days = new ArrayList<LocalDate>();
        for (int w = 0; w < weeks; w++) {
            days.add(MONDAY.plusWeeks(w).plusDays((weekday + w) % 7));
        }
        assertThat(Challenges.longestStreak(days)).isEqualTo(weeks);
    }
}
