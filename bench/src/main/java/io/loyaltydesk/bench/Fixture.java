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
 * <li>{@code Fixture conversations --jdbc ... --conversations 100000 --first-member-id N --members 100000}: a
 * support inbox of that many conversations (statuses, priorities and assignees spread as in a busy desk, most
 * linked to a member, two messages each), written with one SQL statement each for conversations and messages.
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
        if (args[0].equals("conversations")) {
            conversations(LoadGenerator.required(options, "jdbc"),
                    Integer.parseInt(options.getOrDefault("conversations", "100000")),
                    Long.parseLong(LoadGenerator.required(options, "first-member-id")),
                    Integer.parseInt(options.getOrDefault("members", "100000")));
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

    static void conversations(String jdbcUrl, int count, long firstMemberId, int members) throws Exception {
        if (!jdbcUrl.startsWith("jdbc:postgresql://127.0.0.1:") && !jdbcUrl.startsWith("jdbc:postgresql://localhost:")) {
            throw new IllegalArgumentException("only the local embedded PostgreSQL");
        }
        try (var connection = java.sql.DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            connection.setAutoCommit(false);
            try (var statement = connection.createStatement()) {
                // spread over the last 90 days, the newest last; 1 in 10 from someone who is not a member
                statement.execute("""
                        insert into conversations (member_id, channel, subject, status, priority, assignee,
                                                   contact_email, created_at, updated_at)
                        select case when g %% 10 = 0 then null else %d + (g * 7919) %% %d end,
                               (array['EMAIL','CHAT','WEB_FORM','SMS','API'])[1 + g %% 5],
                               'Bench conversation ' || g,
                               (array['NEW','OPEN','OPEN','PENDING','ON_HOLD','SOLVED','SOLVED','CLOSED','CLOSED','CLOSED'])[1 + (g / 7) %% 10],
                               (array['LOW','NORMAL','NORMAL','NORMAL','HIGH','URGENT'])[1 + g %% 6],
                               case when g %% 4 = 0 then null else (array['agent','supervisor','admin'])[1 + g %% 3] end,
                               'bench' || g || '@example.com',
                               now() - make_interval(secs => (%d - g) * 77.0),
                               now() - make_interval(secs => (%d - g) * 77.0)
                          from generate_series(1, %d) g
                        """.formatted(firstMemberId, members, count, count, count));
                statement.execute("""
                        insert into conversation_messages (conversation_id, member_id, kind, author, body, created_at)
                        select c.id, c.member_id, k.kind, case when k.kind = 'FROM_MEMBER' then c.contact_email else 'agent' end,
                               case when k.kind = 'FROM_MEMBER' then 'Hello, my points for the purchase of last week are missing. '
                                    || 'Receipt ' || c.id || ', store BER-01. Can you check?'
                                    else 'Thanks for writing. I have looked at your account and added the points.' end,
                               c.created_at + make_interval(mins => k.n * 20)
                          from conversations c
                          cross join (values (0, 'FROM_MEMBER'), (1, 'FROM_AGENT')) as k(n, kind)
                         where c.subject like 'Bench conversation %%'
                        """);
                connection.commit();
                statement.execute("analyze conversations");
                statement.execute("analyze conversation_messages");
                connection.commit();
                try (var rs = statement.executeQuery("select count(*) from conversations")) {
                    rs.next();
                    System.out.println("conversations: " + rs.getLong(1));
                }
            }
        }
    }
}
