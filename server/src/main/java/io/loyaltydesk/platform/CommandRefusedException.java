package io.loyaltydesk.platform;

import java.util.List;

/**
 * A command that cannot be carried out as asked. Each kind maps to one HTTP status and one problem type
 * on the API and to a readable message in the pages; nothing of the command has been written when it is thrown.
 */
public abstract sealed class CommandRefusedException extends RuntimeException
        permits CommandRefusedException.InvalidInput, CommandRefusedException.NotFound,
        CommandRefusedException.Conflict, CommandRefusedException.RuleViolated {

    private final String type;

    protected CommandRefusedException(String type, String message) {
        super(message);
        this.type = type;
    }

    /** Short, stable name of the problem, used as the last segment of the problem type URI. */
    public String type() {
        return type;
    }

    /** The request has bad fields; every one of them is listed. */
    public static final class InvalidInput extends CommandRefusedException {

        private final List<FieldProblem> problems;

        public InvalidInput(List<FieldProblem> problems) {
            super("invalid-input", problems.size() == 1
                    ? problems.getFirst().field() + ": " + problems.getFirst().message()
                    : problems.size() + " fields are not valid");
            this.problems = List.copyOf(problems);
        }

        public InvalidInput(String field, String message) {
            this(List.of(new FieldProblem(field, message)));
        }

        public List<FieldProblem> problems() {
            return problems;
        }
    }

    /** The thing the command names does not exist (or is not visible to the caller). */
    public static final class NotFound extends CommandRefusedException {

        public NotFound(String what, Object id) {
            super("not-found", what + " " + id + " was not found");
        }
    }

    /** The command collides with existing state, such as a unique identifier already taken. */
    public static final class Conflict extends CommandRefusedException {

        public Conflict(String type, String message) {
            super(type, message);
        }
    }

    /** The input is well formed but a business rule forbids the command (HTTP 422). */
    public static final class RuleViolated extends CommandRefusedException {

        public RuleViolated(String type, String message) {
            super(type, message);
        }
    }
}
