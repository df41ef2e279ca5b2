package io.loyaltydesk.demo.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Waits until the listeners of module events published while seeding have run (they run after each commit,
 * asynchronously, and the modules offer no evaluation to call instead), so the next seeding step sees their
 * work. Reads Spring Modulith's event publication log; gives up after {@code max} with a warning (a listener that
 * keeps failing is delivered again later anyway).
 */
final class DemoListeners {

    private static final Logger log = LoggerFactory.getLogger(DemoListeners.class);

    private DemoListeners() {
    }

    /**
     * @param since only events published since then count
     * @param listenerPrefixes the listeners waited for, by the start of their id (package and class)
     */
    static void await(JdbcClient jdbc, Instant since, Duration max, String what, String... listenerPrefixes) {
        long deadline = System.nanoTime() + max.toNanos();
        var prefixes = String.join(",", java.util.Arrays.stream(listenerPrefixes).map(p -> p + "%").toList());
        while (true) {
            long open = jdbc.sql("""
                    select count(*) from event_publication
                     where completion_date is null and publication_date >= :since
                       and listener_id like any(string_to_array(:prefixes, ','))
                    """).param("since", Timestamp.from(since)).param("prefixes", prefixes).query(Long.class).single();
            if (open == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                log.warn("{} demo events not yet handled ({}) after {} s; they will catch up", open, what,
                        max.toSeconds());
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
