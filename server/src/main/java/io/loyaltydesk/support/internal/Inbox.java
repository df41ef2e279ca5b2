package io.loyaltydesk.support.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.KeysetPage;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The desk's inbox: views, filters and full-text search over conversations, newest first, keyset paginated on the
 * id. Each view has an index that serves it (see V86), so a page costs the same with a hundred or a hundred
 * thousand conversations.
 */
@Component("deskInbox")
public class Inbox {

    public static final int QUERY_MAX = 200;
    private static final Pattern NOT_A_WORD_CHAR = Pattern.compile("[^\\p{L}\\p{N}@._+-]");

    /** What the agent asked for; null fields do not filter. */
    public record Filter(InboxView view, String me, Long teamId, Conversation.Status status, String tag, String query) {
    }

    /** One line of the inbox: the conversation and what the list shows beside it. */
    public record Row(Conversation conversation, String teamName, List<String> tags, Instant slaDueAt) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    Inbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The SQL of one inbox page and its parameters (the index tests explain it). */
    public record Query(String sql, java.util.Map<String, Object> params) {
    }

    @Transactional(readOnly = true)
    public KeysetPage<Row> page(Filter filter, String cursor, int limit) {
        var query = query(filter, cursor, limit);
        var rows = jdbc.sql(query.sql()).params(query.params()).query((rs, n) -> {
            var due = rs.getTimestamp("sla_due_at");
            return new Row(Conversations.conversation(rs, n), rs.getString("team_name"),
                    Arrays.asList((String[]) rs.getArray("tags").getArray()), due == null ? null : due.toInstant());
        }).list();
        return KeysetPage.of(rows, limit, r -> r.conversation().id());
    }

    public Query query(Filter filter, String cursor, int limit) {
        var where = new ArrayList<String>();
        var params = new HashMap<String, Object>();
        var after = KeysetPage.decode(cursor);
        if (after != null) {
            where.add("c.id < :after");
            params.put("after", after);
        }
        switch (filter.view() == null ? InboxView.ALL : filter.view()) {
            case MINE -> {
                where.add("c.assignee = :me");
                params.put("me", filter.me());
            }
            case UNASSIGNED -> where.add("c.assignee is null");
            case TEAM -> {
                if (filter.teamId() == null) {
                    throw new CommandRefusedException.InvalidInput("team", "pick a team");
                }
            }
            case BREACHED -> {
                where.add("c.sla_due_at <= :now");
                params.put("now", Timestamp.from(clock.instant()));
            }
            case ALL -> {
            }
        }
        if (filter.teamId() != null) {
            where.add("c.team_id = :team");
            params.put("team", filter.teamId());
        }
        if (filter.status() != null) {
            where.add("c.status = :status");
            params.put("status", filter.status().name());
        } else {
            // merged conversations live on in another one (ADR 0020): only the Merged status filter shows them
            where.add("c.status <> 'MERGED'");
        }
        if (filter.tag() != null && !filter.tag().isBlank()) {
            where.add("c.tags @> array[cast(:tag as text)]");
            params.put("tag", filter.tag().strip().toLowerCase(java.util.Locale.ROOT));
        }
        var tsQuery = tsQuery(filter.query());
        if (tsQuery != null) {
            where.add("c.search_doc @@ to_tsquery('simple', :q)");
            params.put("q", tsQuery);
        }
        params.put("limit", limit + 1);
        return new Query("select c.*, t.name as team_name from conversations c"
                + " left join support_teams t on t.id = c.team_id"
                + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by c.id desc limit :limit", params);
    }

    /**
     * The words typed, as a PostgreSQL tsquery: every word must match, each as a prefix; quoted so no character the
     * agent types is read as tsquery syntax. Null when nothing searchable was typed.
     */
    static String tsQuery(String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        var words = Arrays.stream(typed.strip().split("\\s+")).limit(20)
                .map(w -> NOT_A_WORD_CHAR.matcher(w.length() > QUERY_MAX ? w.substring(0, QUERY_MAX) : w).replaceAll(""))
                .map(w -> w.replaceAll("^[._+-]+|[._+-]+$", "").toLowerCase(java.util.Locale.ROOT))
                .filter(w -> !w.isEmpty()).map(w -> "'" + w + "':*").toList();
        return words.isEmpty() ? null : String.join(" & ", words);
    }
}
