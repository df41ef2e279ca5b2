package io.loyaltydesk.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark's data.
 * <ul>
 * <li>{@code Fixture members --jdbc jdbc:postgresql://127.0.0.1:PORT/postgres --members 100000}: stores and
 * members with a card number each, written straight into the embedded PostgreSQL with COPY (enrolling 100,000
 * members one by one through the API would take longer than the benchmark itself). Prints the first member id.
 * <li>{@code Fixture rules --url http://127.0.0.1:8080 --key KEY --rules 20}: the active rules, created through
 * the rules API as a program manager would.
 * </ul>
 */
public final class Fixture {

    private Fixture() {
    }

    public static void main(String[] args) throws Exception {
        var options = LoadGenerator.options(java.util.Arrays.copyOfRange(args, 1, args.length));
        if (args[0].equals("members")) {
            members(LoadGenerator.required(options, "jdbc"), Integer.parseInt(options.getOrDefault("members", "100000")));
            return;
        }
        var url = options.getOrDefault("url", "http://127.0.0.1:8080");
        var host = URI.create(url).getHost();
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
            throw new IllegalArgumentException("only 127.0.0.1");
        }
        var key = LoadGenerator.required(options, "key");
        int count = Integer.parseInt(options.getOrDefault("rules", "20"));
        var json = JsonMapper.builder().build();
        var client = HttpClient.newHttpClient();
        for (var definition : BenchRules.rules(count)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("definition", definition);
            body.put("status", "ACTIVE");
            var response = client.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/rules"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("rule '" + definition.name() + "': " + response.statusCode() + " "
                        + response.body());
            }
        }
        System.out.println("created " + count + " active rules");
    }

    static void members(String jdbcUrl, int count) throws Exception {
        if (!jdbcUrl.startsWith("jdbc:postgresql://127.0.0.1:") && !jdbcUrl.startsWith("jdbc:postgresql://localhost:")) {
            throw new IllegalArgumentException("only the local embedded PostgreSQL");
        }
        try (var connection = java.sql.DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            connection.setAutoCommit(false);
            try (var statement = connection.createStatement()) {
                var stores = new StringBuilder();
                for (var code : BenchRules.STORES) {
                    stores.append(stores.isEmpty() ? "" : ",").append("('").append(code).append("', 'Bench store ")
                            .append(code).append("', 'Bench', 'Benchtown', true, now())");
                }
                statement.execute("insert into stores (code, name, region, city, live, created_at) values " + stores
                        + " on conflict (code) do nothing");
                statement.execute("create temporary table bench_members (idx int, number text, birth date, "
                        + "enrolled timestamptz) on commit drop");
                var numbers = new long[count];
                try (var rs = statement.executeQuery("select nextval('member_number_seq') from generate_series(1, "
                        + count + ")")) {
                    for (int i = 0; rs.next(); i++) {
                        numbers[i] = rs.getLong(1);
                    }
                }
                var csv = new StringBuilder(count * 48);
                var random = new java.util.SplittableRandom(7);
                var today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
                for (int i = 0; i < count; i++) {
                    csv.append(i + 1).append(',')
                            .append(io.loyaltydesk.members.internal.MemberNumbers.fromSequence(numbers[i])).append(',')
                            .append(java.time.LocalDate.of(1950 + random.nextInt(55), 1 + random.nextInt(12),
                                    1 + random.nextInt(28))).append(',')
                            .append(today.minusDays(random.nextInt(3000))).append("T09:00:00Z\n");
                }
                var copy = new org.postgresql.copy.CopyManager(connection.unwrap(org.postgresql.core.BaseConnection.class));
                copy.copyIn("copy bench_members from stdin with (format csv)", new java.io.StringReader(csv.toString()));
                statement.execute("""
                        with added as (
                            insert into members (member_number, status, first_name, last_name, birth_date, locale,
                                                 enrolled_via, created_at, updated_at)
                            select number, 'ACTIVE', 'Bench', 'Member ' || idx, birth, 'en', 'IMPORT', enrolled, enrolled
                              from bench_members order by idx
                            returning id, member_number)
                        insert into member_identifiers (member_id, kind, value, is_primary, created_at)
                        select added.id, 'CARD', 'BENCH' || lpad(b.idx::text, 8, '0'), true, b.enrolled
                          from added join bench_members b on b.number = added.member_number
                        """);
                connection.commit();
                statement.execute("analyze members");
                statement.execute("analyze member_identifiers");
                connection.commit();
                try (var rs = statement.executeQuery("select min(m.id), max(m.id), count(*) from members m "
                        + "join member_identifiers i on i.member_id = m.id and i.value = 'BENCH' || lpad("
                        + "(m.id - (select min(id) from members where first_name = 'Bench') + 1)::text, 8, '0') "
                        + "where m.first_name = 'Bench'")) {
                    rs.next();
                    if (rs.getLong(3) != count || rs.getLong(2) - rs.getLong(1) + 1 != count) {
                        throw new IllegalStateException("members were not given consecutive ids in card order");
                    }
                    System.out.println(rs.getLong(1));
                }
            }
        }
    }
}
