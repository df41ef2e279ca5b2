package io.loyaltydesk.rules;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Points one rule gives one purchase, with the sentence that explains them, e.g.
 * "2x points on coffee (November promo): 7.00 EUR -> 14 points".
 *
 * <p>A value like a record of its five parts (equal awards have equal parts). It is not a record because the
 * engine writes the sentence only when it is first read: an evaluation gives about one award per rule that applies,
 * and writing all their sentences took a third of the time of evaluating a purchase, while quotes of the points and
 * simulations read few or none of them. The sentence does not depend on when it is written.
 */
public final class Award {

    private final long ruleId;
    private final int ruleVersion;
    private final String ruleName;
    private final long points;
    /** Null when the explanation was given. */
    private final Supplier<String> writer;
    // written once; two threads reading it first at the same time may both write it, to the same text
    private String explanation;

    public Award(long ruleId, int ruleVersion, String ruleName, long points, String explanation) {
        this(ruleId, ruleVersion, ruleName, points, explanation, null);
    }

    private Award(long ruleId, int ruleVersion, String ruleName, long points, String explanation,
            Supplier<String> writer) {
        this.ruleId = ruleId;
        this.ruleVersion = ruleVersion;
        this.ruleName = ruleName;
        this.points = points;
        this.explanation = explanation;
        this.writer = writer;
    }

    /**
     * An award whose explanation {@code writer} writes when it is first read; the writer must give the same text
     * whenever it is called.
     */
    public static Award explainedWhenRead(long ruleId, int ruleVersion, String ruleName, long points,
            Supplier<String> writer) {
        return new Award(ruleId, ruleVersion, ruleName, points, null, Objects.requireNonNull(writer));
    }

    public long ruleId() {
        return ruleId;
    }

    public int ruleVersion() {
        return ruleVersion;
    }

    public String ruleName() {
        return ruleName;
    }

    public long points() {
        return points;
    }

    public String explanation() {
        var text = explanation;
        if (text == null && writer != null) {
            text = writer.get();
            explanation = text;
        }
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Award award && ruleId == award.ruleId && ruleVersion == award.ruleVersion
                && points == award.points && Objects.equals(ruleName, award.ruleName)
                && Objects.equals(explanation(), award.explanation());
    }

    @Override
    public int hashCode() {
        return Objects.hash(ruleId, ruleVersion, ruleName, points, explanation());
    }

    @Override
    public String toString() {
        return "Award[ruleId=" + ruleId + ", ruleVersion=" + ruleVersion + ", ruleName=" + ruleName + ", points="
                + points + ", explanation=" + explanation() + "]";
    }
}
