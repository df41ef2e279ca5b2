package io.loyaltydesk.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;

/** The redelivery job hands only failed events to their listeners again, and only once they are old enough. */
class EventRedeliveryTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    record Publication(EventPublication.Status status, Instant publishedAt) implements EventPublication {
        @Override
        public UUID getIdentifier() {
            return UUID.randomUUID();
        }

        @Override
        public Object getEvent() {
            return "event";
        }

        @Override
        public Instant getPublicationDate() {
            return publishedAt;
        }

        @Override
        public Optional<Instant> getCompletionDate() {
            return Optional.empty();
        }

        @Override
        public Status getStatus() {
            return status;
        }

        @Override
        public Instant getLastResubmissionDate() {
            return null;
        }

        @Override
        public int getCompletionAttempts() {
            return 1;
        }
    }

    @Test
    void onlyFailedEventsOlderThanTheDelayAreDeliveredAgain() {
        var chosen = new Predicate<?>[1];
        var incomplete = new IncompleteEventPublications() {
            @Override
            public void resubmitIncompletePublications(Predicate<EventPublication> filter) {
                chosen[0] = filter;
            }

            @Override
            public void resubmitIncompletePublicationsOlderThan(Duration duration) {
                throw new AssertionError("would redeliver events still queued on a busy node");
            }

            @Override
            public void resubmitIncompletePublications(ResubmissionOptions options) {
                throw new AssertionError("not used");
            }
        };

        EventRedelivery.redeliverFailed(incomplete, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(10));

        @SuppressWarnings("unchecked")
        var filter = (Predicate<EventPublication>) chosen[0];
        var old = NOW.minus(Duration.ofMinutes(11));
        assertThat(filter.test(new Publication(EventPublication.Status.FAILED, old))).isTrue();
        assertThat(filter.test(new Publication(EventPublication.Status.FAILED, NOW.minusSeconds(60)))).isFalse();
        assertThat(filter.test(new Publication(EventPublication.Status.PROCESSING, old))).isFalse();
        assertThat(filter.test(new Publication(EventPublication.Status.PUBLISHED, old))).isFalse();
    }
}
