package io.loyaltydesk.platform;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Token buckets per purpose and key (an IP address, a username, an API key), held in memory on each
 * node. Used where guessing must be slow: logins and code entry. A node restart forgets the buckets;
 * account lockout, which must survive restarts, is kept in the database by the owning module.
 */
@Component
public class RateLimits {

    /** How many attempts a key gets per period. */
    public record Limit(String name, int attempts, Duration period) {
    }

    private static final int KEYS_MAX = 100_000;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * Whether the key has used up its attempts for now, without taking one: code entry checks this before
     * looking a code up, so that a guesser who ran out learns nothing, not even from a right guess.
     */
    public boolean exhausted(Limit limit, String key) {
        var bucket = buckets.get(limit.name() + '|' + key);
        return bucket != null && bucket.getAvailableTokens() <= 0;
    }

    /** Takes one attempt from the key's bucket; false when the key has used up its attempts for now. */
    public boolean tryAcquire(Limit limit, String key) {
        if (buckets.size() > KEYS_MAX) {
            // a flood of distinct keys: start over rather than grow without bound
            buckets.clear();
        }
        return buckets.computeIfAbsent(limit.name() + '|' + key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.attempts())
                        .refillGreedy(limit.attempts(), limit.period()).build())
                .build())
                .tryConsume(1);
    }
}
