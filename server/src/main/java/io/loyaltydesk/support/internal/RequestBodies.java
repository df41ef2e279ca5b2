package io.loyaltydesk.support.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/** Reading the raw body of a public webhook before it is authenticated. */
final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * The body, read up to one byte past {@code max} whatever length the sender claims, so a caller compares the
     * length with {@code max} to refuse a body too large; a huge post never fills the memory.
     */
    static byte[] atMost(HttpServletRequest request, long max) throws IOException {
        try (var in = request.getInputStream()) {
            return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        }
    }
}
