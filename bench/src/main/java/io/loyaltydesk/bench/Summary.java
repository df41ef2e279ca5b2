package io.loyaltydesk.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the run's summary: each scenario's figures against its target and as a ratio to pgbench TPC-B tps on
 * the same PostgreSQL. {@code Summary --out summary.json --pgbench-tps 1234.5 --machine "..." a.json b.json ...}
 * (JMH's JSON result is recognised by its array form.)
 */
public final class Summary {

    private Summary() {
    }

    public static void main(String[] args) throws Exception {
        var json = JsonMapper.builder().build();
        var options = new LinkedHashMap<String, String>();
        var files = new ArrayList<Path>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                files.add(Path.of(args[i]));
            }
        }
        double tps = Double.parseDouble(options.getOrDefault("pgbench-tps", "0"));
        var summary = new LinkedHashMap<String, Object>();
        summary.put("machine", options.get("machine"));
        summary.put("pgbench", Map.of("test", "TPC-B (built in), scale 10, 8 clients, 2 threads, 20 s",
                "tps", tps));
        var rows = new ArrayList<Map<String, Object>>();
        for (var file : files) {
            JsonNode node = json.readTree(Files.readString(file));
            var row = new LinkedHashMap<String, Object>();
            if (node.isArray()) { // JMH
                var bench = node.get(0);
                row.put("scenario", "rule-evaluation (JMH, " + bench.path("params").path("rules").asString()
                        + " rules, 1 thread)");
                double score = bench.path("primaryMetric").path("score").asDouble();
                row.put("targetPerSecond", 200_000);
                row.put("achievedPerSecond", LoadGenerator.round(score));
                row.put("error99_9", LoadGenerator.round(bench.path("primaryMetric").path("scoreError").asDouble()));
                row.put("pass", score >= 200_000);
            } else {
                var at = node.path("atOfferedRate");
                row.put("scenario", node.path("scenario").asString());
                row.put("targetPerSecond", node.path("target").path("itemsPerSecond").asDouble());
                row.put("targetP99Ms", node.path("target").path("p99Ms").isNull() ? null
                        : node.path("target").path("p99Ms").asDouble());
                if (!node.path("target").path("p95Ms").isMissingNode() && !node.path("target").path("p95Ms").isNull()) {
                    row.put("targetP95Ms", node.path("target").path("p95Ms").asDouble());
                    row.put("p95Ms", at.path("latencyMs").path("p95").asDouble());
                }
                double achieved = at.path("achievedItemsPerSecond").asDouble();
                row.put("achievedPerSecond", achieved);
                row.put("p50Ms", at.path("latencyMs").path("p50").asDouble());
                row.put("p99Ms", at.path("latencyMs").path("p99").asDouble());
                row.put("errors", at.path("errors").asLong());
                if (node.has("maxSustainedItemsPerSecond")) {
                    row.put("maxSustainedPerSecond", node.path("maxSustainedItemsPerSecond").isNull() ? null
                            : node.path("maxSustainedItemsPerSecond").asDouble());
                }
                row.put("pass", at.path("pass").asBoolean());
                if (tps > 0) {
                    row.put("ratioToPgbenchTps", LoadGenerator.round(achieved / tps));
                }
            }
            row.put("file", file.getFileName().toString());
            rows.add(row);
        }
        summary.put("scenarios", rows);
        var out = Path.of(options.get("out"));
        Files.writeString(out, Json.write(summary) + "\n");
        System.out.println(Json.write(summary));
    }
}
