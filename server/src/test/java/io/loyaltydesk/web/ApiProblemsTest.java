package io.loyaltydesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.CannotCreateTransactionException;

/** Errors that are not the caller's fault and not a bug get the status that tells the caller what to do. */
class ApiProblemsTest {

    @Test
    void anExhaustedConnectionPoolIsA503WithRetryAfterNotA500() {
        var exhausted = new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
                new SQLTransientConnectionException("Connection is not available, request timed out after 30000ms"));

        var answer = new ApiProblems().busy(exhausted);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(answer.getBody().getType().toString()).endsWith("busy");
        assertThat(answer.getBody().getDetail()).contains("nothing was changed");
    }

    @Test
    void aLostDeadlockIsA503TooSoTheTillSendsItAgain() {
        var answer = new ApiProblems().busy(new org.springframework.dao.PessimisticLockingFailureException(
                "ERROR: deadlock detected"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
    }
}
