package io.loyaltydesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.support.internal.Inbox;
import io.loyaltydesk.support.internal.InboxView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * With 100,000 conversations, every inbox view is served by an index, never by reading the whole table. The rows
 * are made inside a transaction that is rolled back, so the other tests never see them.
 */
class InboxIndexTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Inbox inbox;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void everyViewUsesAnIndexOnAHundredThousandConversations() {
        transactions.executeWithoutResult(tx -> {
            tx.setRollbackOnly();
            long team = jdbc.sql("""
                    insert into support_teams (name, assignment, created_at, updated_at)
                    values ('Bench ' || clock_timestamp(), 'MANUAL', now(), now()) returning id
                    """).query(Long.class).single();
            jdbc.sql("""
                    insert into conversations (channel, subject, status, priority, assignee, contact_email, team_id,
                                               tags, first_response_due_at, search_doc, created_at, updated_at)
                    select 'EMAIL', 'Question ' || g,
                           (array['NEW','OPEN','PENDING','SOLVED','CLOSED'])[1 + g % 5], 'NORMAL',
                           case when g % 3 = 0 then null else 'agent' || (g % 40) end,
                           'bench' || g || '@example.test',
                           case when g % 10 = 0 then :team end,
                           case when g % 50 = 0 then array['vip'] else '{}' end,
                           now() + ((g % 1000) - 5) * interval '1 hour',
                           to_tsvector('simple', 'question ' || g || ' points missing coffee bench' || g),
                           now() - g * interval '1 minute', now()
                      from generate_series(1, 100000) g
                    """).param("team", team).update();
            jdbc.sql("analyze conversations").update();

            var filters = Map.of(
                    "mine", new Inbox.Filter(InboxView.MINE, "agent7", null, null, null, null),
                    "unassigned", new Inbox.Filter(InboxView.UNASSIGNED, null, null, null, null, null),
                    "all", new Inbox.Filter(InboxView.ALL, null, null, null, null, null),
                    "by status", new Inbox.Filter(InboxView.ALL, null, null, Conversation.Status.PENDING, null, null),
                    "by team", new Inbox.Filter(InboxView.TEAM, null, team, null, null, null),
                    "breached", new Inbox.Filter(InboxView.BREACHED, null, null, null, null, null),
                    "tag", new Inbox.Filter(InboxView.ALL, null, null, null, "vip", null),
                    "search", new Inbox.Filter(InboxView.ALL, null, null, null, null, "bench4242"));
            filters.forEach((name, filter) -> {
                var next = inbox.page(filter, null, 25).nextCursor();
                for (var cursor : java.util.Arrays.asList(null, next)) {
                    var query = inbox.query(filter, cursor, 25);
                    var plan = String.join("\n", jdbc.sql("explain " + query.sql()).params(query.params())
                            .query(String.class).list());
                    assertThat(plan).as(name + "\n" + plan).doesNotContain("Seq Scan on conversations")
                            .containsPattern("Index|Bitmap");
                }
            });
            var found = inbox.page(filters.get("search"), null, 25).items();
            assertThat(found).extracting(r -> r.conversation().subject()).contains("Question 4242")
                    .allMatch(subject -> subject.startsWith("Question 4242"), "prefix matches only");
            assertThat(inbox.page(filters.get("by team"), null, 25).items()).hasSize(25)
                    .allMatch(r -> r.teamName().startsWith("Bench"));
            assertThat(List.of(inbox.page(filters.get("breached"), null, 25).items().getFirst().slaDueAt()))
                    .allMatch(due -> due.isBefore(java.time.Instant.now().plusSeconds(1)));
        });
    }
}
