package io.loyaltydesk.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Open-loop HTTP load generator: requests are sent at a fixed arrival rate, each at a send time scheduled in
 * advance, whatever the server's answers do; the latency of a request is measured from its scheduled start
 * (so a stalled server is charged for the requests it kept waiting: no coordinated omission) and recorded in
 * an HdrHistogram. A warm-up phase at the same rate is not recorded. Only sends to 127.0.0.1.
 *
 * <pre>
 * LoadGenerator --url http://127.0.0.1:8080 --key KEY --scenario purchases|batch|balance|desk-inbox|portal-home --rate 2000
 *               --warmup 10 --duration 30 --members 100000 --first-member-id 1 [--target-rate 2000]
 *               [--target-p99-ms 50] [--target-p95-ms 100] [--search 500,1000,2000 --step-duration 10]
 *               [--staff-user admin --staff-password PASSWORD] --out result.json
 * </pre>
 * The page scenarios render HTML for a logged-in person, as a browser asks for it: {@code desk-inbox} is the support
 * desk's queue page for a staff member (logged in through the login form), {@code portal-home} the member portal's
 * home for a member who joined through the portal's join form and made 30 purchases through the API first.
 */
public final class LoadGenerator {

    static final int BATCH_SIZE = 1000;

    private final HttpClient client;
    private final String url;
    private final String key;
    private final String scenario;
    private final int members;
    private final long firstMemberId;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong sequence = new AtomicLong();
    /** Beyond this many requests in flight, a request is not sent and counts as dropped (an error). */
    private int inFlightMax = 512;
    private Duration timeout = Duration.ofSeconds(30);

    LoadGenerator(String url, String key, String scenario, int members, long firstMemberId) {
        var host = URI.create(url).getHost();
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
            throw new IllegalArgumentException("the load generator only targets 127.0.0.1, not " + host);
        }
        this.url = url;
        this.key = key;
        this.scenario = scenario;
        this.members = members;
        this.firstMemberId = firstMemberId;
        // the page scenarios keep their login session cookie here
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    }

    /** What one phase at one rate measured. */
    record Phase(double offeredRate, double seconds, long sent, long ok, long errors, long dropped,
            Map<String, Long> statuses, double achievedRate, Histogram latencyMicros) {

        double p(double percentile) {
            return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        Map<String, Object> toMap(int itemsPerRequest) {
            var m = new LinkedHashMap<String, Object>();
            m.put("offeredRate", offeredRate);
            m.put("measuredSeconds", round(seconds));
            m.put("requests", sent);
            m.put("ok", ok);
            m.put("errors", errors);
            m.put("dropped", dropped);
            m.put("statuses", statuses);
            m.put("achievedRequestsPerSecond", round(achievedRate));
            m.put("achievedItemsPerSecond", round(achievedRate * itemsPerRequest));
            var latency = new LinkedHashMap<String, Object>();
            latency.put("p50", round(p(50)));
            latency.put("p90", round(p(90)));
            latency.put("p95", round(p(95)));
            latency.put("p99", round(p(99)));
            latency.put("p999", round(p(99.9)));
            latency.put("max", round(latencyMicros.getMaxValue() / 1000.0));
            latency.put("mean", round(latencyMicros.getMean() / 1000.0));
            m.put("latencyMs", latency);
            return m;
        }
    }

    Phase run(double rate, double warmupSeconds, double seconds) throws InterruptedException {
        long interval = (long) (1e9 / rate);
        long warmupCount = (long) (warmupSeconds * rate);
        long total = warmupCount + (long) (seconds * rate);
        var histogram = new ConcurrentHistogram(60_000_000L, 3);
        var ok = new AtomicLong();
        var errors = new AtomicLong();
        var dropped = new AtomicLong();
        var statuses = new ConcurrentHashMap<String, AtomicLong>();
        var lastEnd = new AtomicLong();
        var inFlight = new Semaphore(inFlightMax);
        long start = System.nanoTime() + 20_000_000L;
        long measureStart = start + warmupCount * interval;
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < total; i++) {
                long intended = start + i * interval;
                long wait;
                while ((wait = intended - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                boolean measured = i >= warmupCount;
                if (!inFlight.tryAcquire()) {
                    if (measured) {
                        dropped.incrementAndGet();
                        errors.incrementAndGet();
                    }
                    continue;
                }
                var request = request();
                senders.execute(() -> {
                    String status;
                    boolean success;
                    try {
                        var response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        status = Integer.toString(response.statusCode());
                        success = response.statusCode() / 100 == 2 && itemsFailed(response.body()) == 0;
                        if (response.statusCode() / 100 == 2 && !success) {
                            status = status + "-with-failed-items";
                        }
                    } catch (IOException e) {
                        status = e.getClass().getSimpleName();
                        success = false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } finally {
                        inFlight.release();
                    }
                    long end = System.nanoTime();
                    if (measured) {
                        histogram.recordValue(Math.min((end - intended) / 1000, 60_000_000L));
                        (success ? ok : errors).incrementAndGet();
                        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                        lastEnd.accumulateAndGet(end, Math::max);
                    }
                });
            }
        } // close() waits for every request in flight (the client's timeout bounds them)
        long measuredEnd = Math.max(lastEnd.get(), start + total * interval);
        double elapsed = (measuredEnd - measureStart) / 1e9;
        var statusCounts = new TreeMap<String, Long>();
        statuses.forEach((k, v) -> statusCounts.put(k, v.get()));
        long sent = total - warmupCount;
        return new Phase(rate, elapsed, sent, ok.get(), errors.get(), dropped.get(), statusCounts,
                ok.get() / elapsed, histogram);
    }

    /** For a batch, the items the server could not record (the answer has "failed":N near its start). */
    private static long itemsFailed(String body) {
        int at = body.indexOf("\"failed\":");
        if (at < 0 || at > 200) {
            return 0;
        }
        int from = at + 9;
        int to = from;
        while (to < body.length() && Character.isDigit(body.charAt(to))) {
            to++;
        }
        return to == from ? 0 : Long.parseLong(body.substring(from, to));
    }

    private HttpRequest request() {
        var random = ThreadLocalRandom.current();
        if (scenario.equals("desk-inbox")) {
            return HttpRequest.newBuilder(URI.create(url + "/desk")).timeout(timeout).header("Accept", "text/html")
                    .GET().build();
        }
        if (scenario.equals("portal-home")) {
            return HttpRequest.newBuilder(URI.create(url + "/portal")).timeout(timeout).header("Accept", "text/html")
                    .GET().build();
        }
        var builder = HttpRequest.newBuilder().timeout(timeout).header("Authorization", "Bearer " + key);
        return switch (scenario) {
            case "purchases" -> builder.uri(URI.create(url + "/api/v1/purchases"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(purchase(random, new StringBuilder(420)).toString()))
                    .build();
            case "batch" -> {
                var body = new StringBuilder(BATCH_SIZE * 420 + 20).append("{\"purchases\":[");
                for (int i = 0; i < BATCH_SIZE; i++) {
                    if (i > 0) {
                        body.append(',');
                    }
                    purchase(random, body);
                }
                body.append("]}");
                yield builder.uri(URI.create(url + "/api/v1/purchases/batch"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            }
            case "balance" -> builder.uri(URI.create(url + "/api/v1/members/"
                    + (firstMemberId + random.nextInt(members)) + "/points")).GET().build();
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        };
    }

    /** A purchase of 3 lines by a random member, identified by card number as a till does. */
    private StringBuilder purchase(ThreadLocalRandom random, StringBuilder out) {
        long total = 0;
        var lines = new StringBuilder(300);
        for (int l = 0; l < 3; l++) {
            long unit = 49 + random.nextInt(2950);
            int quantity = random.nextInt(4) == 0 ? 2 : 1;
            long amount = unit * quantity;
            total += amount;
            if (l > 0) {
                lines.append(',');
            }
            lines.append("{\"sku\":\"SKU-").append(random.nextInt(5000)).append("\",\"category\":\"")
                    .append(BenchRules.CATEGORIES.get(random.nextInt(BenchRules.CATEGORIES.size())))
                    .append("\",\"quantity\":").append(quantity).append(",\"unitPrice\":").append(money(unit))
                    .append(",\"amount\":").append(money(amount)).append('}');
        }
        var occurredAt = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        return out.append("{\"externalId\":\"B").append(runId).append('-').append(sequence.incrementAndGet())
                .append("\",\"storeId\":\"").append(BenchRules.STORES.get(random.nextInt(BenchRules.STORES.size())))
                .append("\",\"channel\":\"POS\",\"cardNumber\":\"").append(card(random.nextInt(members)))
                .append("\",\"occurredAt\":\"").append(occurredAt).append("\",\"currency\":\"EUR\",\"totalAmount\":")
                .append(money(total)).append(",\"lines\":[").append(lines).append("]}");
    }

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** Posts a form the way a browser does: the page first (for its CSRF token and session), then the form. */
    private HttpResponse<String> submit(String page, String action, Map<String, String> fields)
            throws IOException, InterruptedException {
        var form = client.send(HttpRequest.newBuilder(URI.create(url + page)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        var token = CSRF.matcher(form.body());
        if (!token.find()) {
            throw new IllegalStateException(page + " has no CSRF token (status " + form.statusCode() + ")");
        }
        var body = new StringBuilder("_csrf=").append(URLEncoder.encode(token.group(1), StandardCharsets.UTF_8));
        fields.forEach((name, value) -> body.append('&').append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return client.send(HttpRequest.newBuilder(URI.create(url + action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Logs in (desk) or joins and shops (portal) before the page scenarios, and checks the page answers 200. */
    void setUpPageSession(Map<String, String> options) throws IOException, InterruptedException {
        String page;
        if (scenario.equals("desk-inbox")) {
            var login = submit("/console/login", "/console/login", Map.of("username",
                    options.getOrDefault("staff-user", "admin"), "password", required(options, "staff-password")));
            if (login.statusCode() != 302 || login.headers().firstValue("Location").orElse("").contains("error")) {
                throw new IllegalStateException("staff login refused: " + login.statusCode() + " "
                        + login.headers().firstValue("Location").orElse(""));
            }
            page = "/desk";
        } else {
            var email = "bench-" + runId + "@example.com";
            var joined = submit("/portal/join", "/portal/join", Map.of("firstName", "Bench", "email", email,
                    "password", "bench-member-" + runId));
            if (joined.statusCode() != 302) {
                throw new IllegalStateException("portal join refused: " + joined.statusCode() + " " + joined.body());
            }
            var random = ThreadLocalRandom.current();
            for (int i = 0; i < 30; i++) {
                var purchase = purchase(random, new StringBuilder(420)).toString()
                        .replaceFirst("\"cardNumber\":\"[^\"]+\"", "\"email\":\"" + email + "\"");
                var answer = client.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/purchases"))
                        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(purchase)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 201) {
                    throw new IllegalStateException("purchase refused: " + answer.statusCode() + " " + answer.body());
                }
            }
            page = "/portal";
        }
        var check = client.send(request(), HttpResponse.BodyHandlers.ofString());
        if (check.statusCode() != 200) {
            throw new IllegalStateException(page + " answered " + check.statusCode() + " after logging in");
        }
        System.out.printf(Locale.ROOT, "%s: logged in, %s renders %d characters%n", scenario, page,
                check.body().length());
    }

    /** The card number the fixture gives the member with this index (0-based). */
    static String card(int index) {
        return String.format(Locale.ROOT, "BENCH%08d", index + 1);
    }

    private static String money(long cents) {
        return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    public static void main(String[] args) throws Exception {
        var options = options(args);
        var generator = new LoadGenerator(options.getOrDefault("url", "http://127.0.0.1:8080"), required(options, "key"),
                required(options, "scenario"), Integer.parseInt(options.getOrDefault("members", "100000")),
                Long.parseLong(options.getOrDefault("first-member-id", "1")));
        generator.inFlightMax = Integer.parseInt(options.getOrDefault("in-flight-max", "512"));
        generator.timeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout", "30")));
        double rate = Double.parseDouble(required(options, "rate"));
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "10"));
        double duration = Double.parseDouble(options.getOrDefault("duration", "30"));
        int items = generator.scenario.equals("batch") ? BATCH_SIZE : 1;
        Double targetItems = options.containsKey("target-rate") ? Double.valueOf(options.get("target-rate")) : null;
        Double targetP99 = options.containsKey("target-p99-ms") ? Double.valueOf(options.get("target-p99-ms")) : null;
        Double targetP95 = options.containsKey("target-p95-ms") ? Double.valueOf(options.get("target-p95-ms")) : null;
        if (generator.scenario.equals("desk-inbox") || generator.scenario.equals("portal-home")) {
            generator.setUpPageSession(options);
        }

        var result = new LinkedHashMap<String, Object>();
        result.put("scenario", generator.scenario);
        result.put("at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        result.put("itemsPerRequest", items);
        result.put("members", generator.members);
        result.put("warmupSeconds", warmup);
        var target = new LinkedHashMap<String, Object>();
        target.put("itemsPerSecond", targetItems);
        target.put("p99Ms", targetP99);
        target.put("p95Ms", targetP95);
        result.put("target", target);

        // optional step-up search: the highest offered rate the server keeps up with (>= 97 % achieved, no
        // errors) within the p99 target
        if (options.containsKey("search")) {
            double step = Double.parseDouble(options.getOrDefault("step-duration", "10"));
            var steps = new ArrayList<Map<String, Object>>();
            Double best = null;
            for (String s : options.get("search").split(",")) {
                double r = Double.parseDouble(s);
                var p = generator.run(r, 3, step);
                sleep(3000); // let the server drain what it still holds
                print(generator.scenario + " step", p, items);
                boolean sustained = p.errors() == 0 && p.achievedRate() >= 0.97 * r
                        && (targetP99 == null || p.p(99) <= targetP99) && (targetP95 == null || p.p(95) <= targetP95);
                var m = p.toMap(items);
                m.put("sustained", sustained);
                steps.add(m);
                if (sustained) {
                    best = r * items;
                } else {
                    break;
                }
            }
            result.put("search", steps);
            result.put("maxSustainedItemsPerSecond", best);
        }
        System.out.printf(Locale.ROOT, "%s: %.0f req/s for %.0f s after %.0f s warm-up%n", generator.scenario, rate,
                duration, warmup);
        var phase = generator.run(rate, warmup, duration);
        print(generator.scenario, phase, items);
        result.put("inFlightMax", generator.inFlightMax);
        var atTarget = phase.toMap(items);
        atTarget.put("pass", passes(phase, items, targetItems, targetP99)
                && (targetP95 == null || phase.p(95) <= targetP95));
        result.put("atOfferedRate", atTarget);

        var out = Path.of(required(options, "out"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, Json.write(result) + "\n");
        System.out.println("wrote " + out);
    }

    static boolean passes(Phase phase, int items, Double targetItems, Double targetP99) {
        return phase.errors() == 0 && (targetItems == null || phase.achievedRate() * items >= targetItems)
                && (targetP99 == null || phase.p(99) <= targetP99);
    }

    private static void print(String label, Phase p, int items) {
        System.out.printf(Locale.ROOT,
                "%s: offered %.0f/s, achieved %.1f req/s (%.0f items/s), ok %d, errors %d (dropped %d) %s, "
                        + "latency ms p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f max %.2f%n",
                label, p.offeredRate(), p.achievedRate(), p.achievedRate() * items, p.ok(), p.errors(), p.dropped(),
                p.statuses(), p.p(50), p.p(90), p.p(99), p.p(99.9), p.latencyMicros().getMaxValue() / 1000.0);
    }

    static Map<String, String> options(String[] args) {
        var options = new LinkedHashMap<String, String>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    static String required(Map<String, String> options, String name) {
        var value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    static List<String> list(String text) {
        return List.of(text.split(","));
    }

    static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
