package io.loyaltydesk.web;

import io.loyaltydesk.platform.CommandRefusedException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Builds problem details with this server's problem type URIs ({@code /problems/<name>}, documented in the API guide). */
public final class Problems {

    private Problems() {
    }

    public static URI type(String name) {
        return URI.create("/problems/" + name);
    }

    /** The problem for a refused command: its status, type and, for bad input, every bad field in errors[]. */
    public static ProblemDetail of(CommandRefusedException refused) {
        var status = switch (refused) {
            case CommandRefusedException.InvalidInput ignored -> HttpStatus.BAD_REQUEST;
            case CommandRefusedException.NotFound ignored -> HttpStatus.NOT_FOUND;
            case CommandRefusedException.Conflict ignored -> HttpStatus.CONFLICT;
            case CommandRefusedException.RuleViolated ignored -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        var problem = of(status, refused.type(), refused.getMessage());
        if (refused instanceof CommandRefusedException.InvalidInput invalid) {
            problem.setProperty("errors", invalid.problems());
        }
        return problem;
    }

    public static ProblemDetail of(HttpStatus status, String type, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(type));
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }
}
