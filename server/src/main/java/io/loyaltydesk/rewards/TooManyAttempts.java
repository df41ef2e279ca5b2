package io.loyaltydesk.rewards;

import io.loyaltydesk.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Too many wrong codes from one caller or for one member: a 429 problem {@code too-many-attempts}. */
public class TooManyAttempts extends ErrorResponseException {

    public TooManyAttempts(int retryAfterSeconds) {
        super(HttpStatus.TOO_MANY_REQUESTS, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-attempts",
                "Too many wrong codes; try again in a minute"), null);
        getHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
    }
}
