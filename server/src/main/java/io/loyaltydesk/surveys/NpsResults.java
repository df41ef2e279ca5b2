package io.loyaltydesk.surveys;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * A campaign's results. Promoters answered 9 or 10, passives 7 or 8, detractors 0 to 6; the NPS is the share of
 * promoters minus the share of detractors, in points from -100 to 100 ({@code score}, one decimal; null without
 * answers). {@code distribution[s]} counts the answers with score s.
 */
public record NpsResults(NpsCampaign campaign, long responses, long promoters, long passives, long detractors,
        BigDecimal score, long[] distribution, List<NpsAnswer> comments) {

    public static NpsAnswer.Group groupOf(int score) {
        return score >= 9 ? NpsAnswer.Group.PROMOTER : score >= 7 ? NpsAnswer.Group.PASSIVE : NpsAnswer.Group.DETRACTOR;
    }

    /** The NPS from the counts of answers per score (index 0 to 10). */
    public static NpsResults of(NpsCampaign campaign, long[] distribution, List<NpsAnswer> comments) {
        long promoters = 0;
        long passives = 0;
        long detractors = 0;
        for (int s = 0; s <= 10; s++) {
            switch (groupOf(s)) {
                case PROMOTER -> promoters += distribution[s];
                case PASSIVE -> passives += distribution[s];
                case DETRACTOR -> detractors += distribution[s];
            }
        }
        long responses = promoters + passives + detractors;
        var score = responses == 0 ? null
                : BigDecimal.valueOf(100 * (promoters - detractors)).divide(BigDecimal.valueOf(responses), 1,
                        RoundingMode.HALF_UP);
        return new NpsResults(campaign, responses, promoters, passives, detractors, score, distribution, comments);
    }

    public int percent(long count) {
        return responses == 0 ? 0 : (int) Math.round(100.0 * count / responses);
    }
}
