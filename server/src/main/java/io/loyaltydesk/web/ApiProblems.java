package io.loyaltydesk.web;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error raised by an API controller into an RFC 9457 problem detail: {@code type},
 * {@code title}, {@code status}, {@code detail} and, for bad input, {@code errors[]} with one entry per field.
 * Stack traces never leave the server.
 */
// selectors of a controller advice are OR-ed: naming a package too would catch the pages' controllers
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    @ExceptionHandler(CommandRefusedException.class)
    ResponseEntity<ProblemDetail> refused(CommandRefusedException e) {
        var problem = Problems.of(e);
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<ProblemDetail> duplicate(DuplicateKeyException e) {
        // a race lost against a concurrent request with the same unique value; the service checks first
        log.debug("Unique constraint hit", e);
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(Problems.of(HttpStatus.CONFLICT, "conflict", "A record with the same unique value already exists"));
    }

    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    ResponseEntity<ProblemDetail> denied(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(Problems.of(HttpStatus.FORBIDDEN, "forbidden", "This API key lacks the scope this operation needs"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        var problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-input", e.getName() + " has an invalid value");
        problem.setProperty("errors", List.of(new FieldProblem(e.getName(), "has an invalid value")));
        return ResponseEntity.badRequest().body(problem);
    }

    /**
     * No database connection came free within the pool's timeout, or the command lost a deadlock: the server is
     * busy, not broken, and nothing was written. A 503 with Retry-After tells the till to send the same request
     * again (it is idempotent by its key) instead of a 500.
     */
    @ExceptionHandler({CannotCreateTransactionException.class, CannotGetJdbcConnectionException.class,
            PessimisticLockingFailureException.class})
    ResponseEntity<ProblemDetail> busy(RuntimeException e) {
        // also a deadlock lost against a concurrent transaction: the command rolled back and can simply be sent again
        log.warn("API call not completed, the database is busy: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "busy",
                        "The server is busy; nothing was changed. Send the same request again shortly"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected error in an API call", e);
        return ResponseEntity.internalServerError()
                .body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                        "The server could not complete the request; nothing was changed"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new FieldProblem(f.getField(), f.getDefaultMessage()))
                .toList();
        var problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-input", errors.size() + " fields are not valid");
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "malformed-body",
                "The request body is not valid JSON of the expected shape"));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getType().equals(URI.create("about:blank"))) {
            problem.setType(Problems.type("http-" + statusCode.value()));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }
}
