package io.loyaltydesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.IntegrationTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Observations per security filter are off (their cost showed in the request profiles); request metrics stay. */
class ObservationsTest extends IntegrationTest {

    @Autowired
    ObservationRegistry observations;

    @Test
    void theSecurityFiltersAreNotObservedButRequestsAre() {
        assertThat(Observation.start("spring.security.filterchains", observations).isNoop()).isTrue();
        assertThat(Observation.start("http.server.requests", observations).isNoop()).isFalse();
    }
}
