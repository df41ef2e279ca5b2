package io.loyaltydesk.web;

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

    public static ProblemDetail of(HttpStatus status, String type, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(type));
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }
}
