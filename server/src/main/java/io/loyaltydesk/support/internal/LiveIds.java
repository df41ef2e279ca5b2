package io.loyaltydesk.support.internal;

/** Reads where a stream left off: the browser's {@code Last-Event-ID} on a reconnect, else the page's own mark. */
final class LiveIds {

    private LiveIds() {
    }

    static long last(String lastEventId, String after) {
        return Math.max(parse(lastEventId), parse(after));
    }

    /** A positive id typed in a parameter, or null when there is none that reads as one. */
    static Long number(String text) {
        long parsed = parse(text);
        return parsed > 0 ? parsed : null;
    }

    private static long parse(String id) {
        if (id == null || id.isBlank() || id.length() > 19) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(id.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
