package io.loyaltydesk.rules;

import java.util.List;

/** The awards for one purchase, in the order they were applied. */
public record Evaluation(List<Award> awards) {

    public long totalPoints() {
        return awards.stream().mapToLong(Award::points).sum();
    }
}
