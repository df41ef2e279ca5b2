package io.loyaltydesk.support.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A real HTTP client reading a Server-Sent Events stream into a queue of events, for the live tests. */
final class SseClient implements AutoCloseable {

    record Event(String id, String name, String data) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> status = new CompletableFuture<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile Stream<String> lines;
    private final Thread reader;

    SseClient(String url, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        reader = Thread.ofVirtual().start(() -> {
            try {
                var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
                status.complete(response.statusCode());
                lines = response.body();
                String id = null;
                String name = null;
                var data = new StringBuilder();
                for (var it = lines.iterator(); it.hasNext();) {
                    var line = it.next();
                    if (line.isEmpty()) {
                        if (name != null || !data.isEmpty()) {
                            events.add(new Event(id, name == null ? "message" : name, data.toString()));
                        }
                        id = null;
                        name = null;
                        data.setLength(0);
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
            } catch (IOException | RuntimeException e) {
                status.complete(-1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ended.complete(null);
            }
        });
    }

    int status() throws Exception {
        return status.get(10, TimeUnit.SECONDS);
    }

    /** The next event of this name (others are skipped), or null after the timeout. */
    Event next(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            var event = events.poll(left, TimeUnit.NANOSECONDS);
            if (event == null) {
                return null;
            }
            if (event.name().equals(name)) {
                return event;
            }
        }
    }

    @Override
    public void close() {
        var open = lines;
        if (open != null) {
            open.close();
        }
        reader.interrupt();
    }
}
