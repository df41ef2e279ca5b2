package io.loyaltydesk.platform;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a keyset-paginated list. {@code nextCursor} is opaque to clients and null on the last page.
 */
public record KeysetPage<T>(List<T> items, String nextCursor) {

    /**
     * Builds a page from a query that fetched {@code limit + 1} rows: the extra row only proves there is more.
     */
    public static <T> KeysetPage<T> of(List<T> fetched, int limit, Function<T, Long> key) {
        if (fetched.size() <= limit) {
            return new KeysetPage<>(fetched, null);
        }
        var items = fetched.subList(0, limit);
        return new KeysetPage<>(List.copyOf(items), encode(key.apply(items.getLast())));
    }

    public <R> KeysetPage<R> map(Function<T, R> mapper) {
        return new KeysetPage<>(items.stream().map(mapper).toList(), nextCursor);
    }

    public static String encode(long key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("k" + key).getBytes(StandardCharsets.UTF_8));
    }

    /** The key after which the next page starts, or null for the first page. */
    public static Long decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            var text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith("k")) {
                throw new IllegalArgumentException();
            }
            return Long.parseLong(text.substring(1));
        } catch (IllegalArgumentException e) {
            throw new CommandRefusedException.InvalidInput("cursor", "is not a cursor this server handed out");
        }
    }

    /** Clamps a client's page size into 1..max, with a default when absent. */
    public static int limit(Integer requested, int defaultSize, int max) {
        if (requested == null) {
            return defaultSize;
        }
        if (requested < 1 || requested > max) {
            throw new CommandRefusedException.InvalidInput("limit", "must be between 1 and " + max);
        }
        return requested;
    }
}
