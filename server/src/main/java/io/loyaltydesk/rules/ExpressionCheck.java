package io.loyaltydesk.rules;

import java.util.List;

/** The outcome of compiling a CEL expression: valid, or the compiler's errors with their positions. */
public record ExpressionCheck(boolean valid, List<Problem> errors) {

    /** One compiler error; line and column are 1-based. */
    public record Problem(String message, int line, int column) {

        @Override
        public String toString() {
            return "line " + line + ", column " + column + ": " + message;
        }
    }

    public static ExpressionCheck ok() {
        return new ExpressionCheck(true, List.of());
    }
}
