package io.loyaltydesk.integration;

import io.loyaltydesk.platform.FieldProblem;
import java.util.List;

/** The file as a whole cannot be imported (empty, too large, bad header); nothing of it was written. */
public class ImportRefused extends RuntimeException {

    /** Why, as a problem type name; {@code too-large} is the only one that is not a plain bad request. */
    public enum Reason { EMPTY, TOO_LARGE, TOO_MANY_ROWS, BAD_HEADER, NOT_CSV }

    private final Reason reason;
    private final List<FieldProblem> problems;

    public ImportRefused(Reason reason, String message, List<FieldProblem> problems) {
        super(message);
        this.reason = reason;
        this.problems = List.copyOf(problems);
    }

    public ImportRefused(Reason reason, String message) {
        this(reason, message, List.of());
    }

    public Reason reason() {
        return reason;
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
