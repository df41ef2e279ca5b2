package io.loyaltydesk.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Live-update fan-out: N agents' desk streams ({@code GET /desk/live}, Server-Sent Events) are open while chat
 * messages are posted through the API at a fixed rate; the latency of each delivery is measured from the moment
 * the message was due to be posted (open loop: a slow post does not delay the next) to the moment each stream
 * received its event. Every message must reach every stream; a delivery missing 10 s after the last post is an
 * error. The path measured is the whole one: HTTP post, the command's transaction, NOTIFY on commit, the node's
 * LISTEN, and the write to each stream.
 *
 * <p>{@code ChatFanout --url http://127.0.0.1:18080 --key <api key> --admin-password <pw> [--clients 200]
 * [--messages 100] [--warmup-messages 10] [--rate 5] [--target-p99-ms 200] --out result.json}
 *
 * <p>The streams all belong to the bootstrap admin (one login, one session), so the server runs with
 * {@code loyaltydesk.support.live.connections-per-user-max} raised above {@code --clients}; bench/run does that.
 */
public final class ChatFanout {

    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\":(\\d+)");
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private ChatFanout() {
    }

    public static void main(String[] args) throws Exception {
        var options = LoadGenerator.options(args);
        var url = options.getOrDefault("url", "http://127.0.0.1:8080");
        if (!URI.create(url).getHost().equals("127.0.0.1") && !URI.create(url).getHost().equals("localhost")) {
            throw new IllegalArgumentException("ChatFanout only targets this machine");
        }
        var key = LoadGenerator.required(options, "key");
        var password = LoadGenerator.required(options, "admin-password");
        int clients = Integer.parseInt(options.getOrDefault("clients", "200"));
        int messages = Integer.parseInt(options.getOrDefault("messages", "100"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup-messages", "10"));
        double rate = Double.parseDouble(options.getOrDefault("rate", "5"));
        double targetP99 = Double.parseDouble(options.getOrDefault("target-p99-ms", "200"));
        var out = Path.of(LoadGenerator.required(options, "out"));

        var http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        logIn(http, url, password);

        // one conversation per message, opened before the streams connect: a message then waits for no other
        // message's row lock, and the streams see only the measured messages
        var conversationIds = new long[messages];
        for (int i = 0; i < messages; i++) {
            conversationIds[i] = openConversation(http, url, key);
        }

        // the streams: each records when it received which message
        var received = new ConcurrentHashMap<Long, AtomicLongArray>();
        var connected = new CountDownLatch(clients);
        var streams = new ArrayList<Stream<String>>();
        var failedStreams = new AtomicLong();
        for (int c = 0; c < clients; c++) {
            int client = c;
            var request = HttpRequest.newBuilder(URI.create(url + "/desk/live")).header("Accept", "text/event-stream")
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
                if (response.statusCode() != 200) {
                    failedStreams.incrementAndGet();
                    connected.countDown();
                    return;
                }
                synchronized (streams) {
                    streams.add(response.body());
                }
                Thread.ofVirtual().start(() -> read(response.body(), client, clients, received, connected));
            }).exceptionally(e -> {
                failedStreams.incrementAndGet();
                connected.countDown();
                return null;
            });
        }
        if (!connected.await(60, TimeUnit.SECONDS) || failedStreams.get() > 0) {
            throw new IllegalStateException("only " + (clients - connected.getCount() - failedStreams.get()) + " of "
                    + clients + " streams connected");
        }
        System.out.printf("chat: %d desk streams open%n", clients);

        var postLatency = new ConcurrentHistogram(60_000_000L, 3);
        var dueAt = new ConcurrentHashMap<Long, Long>();
        var postErrors = new AtomicLong();
        var posts = Executors.newVirtualThreadPerTaskExecutor();
        long start = System.nanoTime() + 200_000_000L;
        long interval = (long) (1_000_000_000L / rate);
        var measured = new CopyOnWriteArrayList<Long>();
        for (int i = 0; i < messages; i++) {
            long due = start + i * interval;
            LockSupport.parkNanos(Math.max(0, due - System.nanoTime()));
            boolean warm = i >= warmup;
            int n = i;
            posts.execute(() -> {
                try {
                    long id = post(http, url, key, conversationIds[n], "Chat message " + n + " from the benchmark");
                    dueAt.put(id, due);
                    if (warm) {
                        postLatency.recordValue(Math.max(0, (System.nanoTime() - due) / 1000));
                    }
                    if (warm) {
                        measured.add(id);
                    }
                } catch (IOException | RuntimeException e) {
                    postErrors.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        posts.shutdown();
        posts.awaitTermination(60, TimeUnit.SECONDS);
        // the last deliveries
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && !allDelivered(measured, received, clients)) {
            Thread.sleep(50);
        }
        double postingSeconds = (System.nanoTime() - start) / 1e9;

        var histogram = new ConcurrentHistogram(60_000_000L, 3);
        long missing = 0;
        for (long id : measured) {
            var at = received.get(id);
            for (int c = 0; c < clients; c++) {
                if (at == null || at.get(c) == 0) {
                    missing++;
                } else {
                    histogram.recordValue(Math.max(0, Math.min((at.get(c) - dueAt.get(id)) / 1000, 60_000_000L)));
                }
            }
        }
        synchronized (streams) {
            streams.forEach(Stream::close);
        }

        double p99 = histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(99) / 1000.0;
        long errors = missing + postErrors.get();
        var latency = new LinkedHashMap<String, Object>();
        latency.put("p50", LoadGenerator.round(histogram.getValueAtPercentile(50) / 1000.0));
        latency.put("p90", LoadGenerator.round(histogram.getValueAtPercentile(90) / 1000.0));
        latency.put("p99", LoadGenerator.round(p99));
        latency.put("p999", LoadGenerator.round(histogram.getValueAtPercentile(99.9) / 1000.0));
        latency.put("max", LoadGenerator.round(histogram.getMaxValue() / 1000.0));
        latency.put("mean", LoadGenerator.round(histogram.getMean() / 1000.0));
        var at = new LinkedHashMap<String, Object>();
        at.put("offeredRate", rate);
        at.put("messagesMeasured", measured.size());
        at.put("deliveries", histogram.getTotalCount());
        at.put("errors", errors);
        at.put("missingDeliveries", missing);
        at.put("postErrors", postErrors.get());
        at.put("achievedItemsPerSecond", LoadGenerator.round(histogram.getTotalCount() / postingSeconds));
        at.put("latencyMs", latency);
        // how much of it is the post itself (HTTP, the command's transaction and commit), until its answer
        at.put("postAnswerMs", Map.of("p50", LoadGenerator.round(postLatency.getValueAtPercentile(50) / 1000.0),
                "p99", LoadGenerator.round(postLatency.getValueAtPercentile(99) / 1000.0)));
        at.put("pass", errors == 0 && p99 <= targetP99);
        var target = new LinkedHashMap<String, Object>();
        target.put("itemsPerSecond", null);
        target.put("p99Ms", targetP99);
        var result = new LinkedHashMap<String, Object>();
        result.put("scenario", "chat-fanout");
        result.put("at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        result.put("description", "a chat message (POST /api/v1/conversations/{id}/messages, FROM_MEMBER, one "
                + "conversation per message) reaching "
                + clients + " open desk SSE streams; latency from the message's due time to each stream's event");
        result.put("clients", clients);
        result.put("messages", messages);
        result.put("warmupMessages", warmup);
        result.put("target", target);
        result.put("atOfferedRate", at);
        Files.writeString(out, Json.write(result) + "\n");
        System.out.println(Json.write(result));
        System.exit(0);
    }

    private static boolean allDelivered(List<Long> measured, Map<Long, AtomicLongArray> received, int clients) {
        for (long id : measured) {
            var at = received.get(id);
            if (at == null) {
                return false;
            }
            for (int c = 0; c < clients; c++) {
                if (at.get(c) == 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void read(Stream<String> lines, int client, int clients, Map<Long, AtomicLongArray> received,
            CountDownLatch connected) {
        boolean first = true;
        String event = null;
        try {
            for (var it = lines.iterator(); it.hasNext();) {
                var line = it.next();
                long now = System.nanoTime();
                if (first) {
                    first = false;
                    connected.countDown();
                }
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:") && "message".equals(event)) {
                    var m = MESSAGE_ID.matcher(line);
                    if (m.find()) {
                        received.computeIfAbsent(Long.parseLong(m.group(1)), id -> new AtomicLongArray(clients)).set(client, now);
                    }
                } else if (line.isEmpty()) {
                    event = null;
                }
            }
        } catch (RuntimeException e) {
            // the stream was closed at the end of the run
        }
    }

    private static void logIn(HttpClient http, String url, String password) throws Exception {
        var page = http.send(HttpRequest.newBuilder(URI.create(url + "/console/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        var csrf = CSRF.matcher(page.body());
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on the login page");
        }
        var form = "username=admin&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        var login = http.send(HttpRequest.newBuilder(URI.create(url + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
        var location = login.headers().firstValue("Location").orElse("");
        if (login.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("admin login failed: " + login.statusCode() + " " + location);
        }
    }

    private static long openConversation(HttpClient http, String url, String key) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/conversations"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"channel": "CHAT", "subject": "Benchmark chat", "email": "bench-chat@example.test",
                         "message": "Hello from the benchmark"}""")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("could not open a conversation: " + response.statusCode() + " "
                    + response.body());
        }
        var m = ID.matcher(response.body());
        m.find();
        return Long.parseLong(m.group(1));
    }

    private static long post(HttpClient http, String url, String key, long conversationId, String body)
            throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/conversations/" + conversationId
                        + "/messages")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\": \"FROM_MEMBER\", \"body\": \"" + body + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("post failed: " + response.statusCode());
        }
        var m = ID.matcher(response.body());
        if (!m.find()) {
            throw new IllegalStateException("no message id in " + response.body());
        }
        return Long.parseLong(m.group(1));
    }
}
