package io.loyaltydesk.messaging;

import io.loyaltydesk.platform.KeysetPage;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Members' in-app inbox: what the program told them, newest first, read or unread. */
@Service
public class Inbox {

    public static final int TITLE_LENGTH_MAX = 200;
    public static final int BODY_LENGTH_MAX = 2000;

    private final JdbcClient jdbc;
    private final Clock clock;

    Inbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Puts a message in the member's inbox (in the caller's transaction). {@code source} names what caused it
     * (e.g. {@code purchase:42}); a second message of the same kind and source is not added. Returns whether
     * this call added it.
     */
    @Transactional
    public boolean add(long memberId, String kind, String source, String title, String body, String link) {
        return addAll(List.of(new NewNotification(memberId, kind, source, title, body, link))).getFirst();
    }

    /** A message for {@link #addAll}: what {@link #add} takes. */
    public record NewNotification(long memberId, String kind, String source, String title, String body, String link) {
    }

    /**
     * {@link #add} for many messages in one statement (the notices of a batch of purchases); returns, in the order
     * given, whether each was added (a message given twice is added once, the first time).
     */
    @Transactional
    public List<Boolean> addAll(List<NewNotification> notifications) {
        int n = notifications.size();
        var members = new Long[n];
        var kinds = new String[n];
        var sources = new String[n];
        var titles = new String[n];
        var bodies = new String[n];
        var links = new String[n];
        for (int i = 0; i < n; i++) {
            var m = notifications.get(i);
            members[i] = m.memberId();
            kinds[i] = m.kind();
            sources[i] = m.source();
            titles[i] = cut(m.title(), TITLE_LENGTH_MAX);
            bodies[i] = cut(m.body(), BODY_LENGTH_MAX);
            links[i] = m.link();
        }
        var added = new HashSet<List<Object>>();
        jdbc.sql("""
                insert into member_notifications (member_id, kind, source, title, body, link, created_at)
                select m.member_id, m.kind, m.source, m.title, m.body, m.link, :now
                  from unnest(cast(:members as bigint[]), cast(:kinds as text[]), cast(:sources as text[]),
                              cast(:titles as text[]), cast(:bodies as text[]), cast(:links as text[]))
                       with ordinality as m(member_id, kind, source, title, body, link, position)
                 order by m.position
                on conflict (member_id, kind, source) where source is not null do nothing
                returning member_id, kind, source
                """)
                .param("members", members).param("kinds", kinds).param("sources", sources).param("titles", titles)
                .param("bodies", bodies).param("links", links).param("now", Timestamp.from(clock.instant()))
                .query(rs -> {
                    added.add(Arrays.asList(rs.getLong("member_id"), rs.getString("kind"), rs.getString("source")));
                });
        var result = new ArrayList<Boolean>(n);
        for (var m : notifications) {
            // a message without a source is always added; one with a source only the first time it is given
            result.add(m.source() == null || added.remove(Arrays.asList(m.memberId(), m.kind(), m.source())));
        }
        return result;
    }

    @Transactional(readOnly = true)
    public KeysetPage<Notification> page(long memberId, String cursor, int limit) {
        var after = KeysetPage.decode(cursor);
        var rows = jdbc.sql("""
                select * from member_notifications
                 where member_id = :member and (cast(:after as bigint) is null or id < :after)
                 order by id desc limit :limit
                """)
                .param("member", memberId).param("after", after).param("limit", limit + 1)
                .query((rs, n) -> new Notification(rs.getLong("id"), rs.getLong("member_id"), rs.getString("kind"),
                        rs.getString("title"), rs.getString("body"), rs.getString("link"),
                        rs.getTimestamp("read_at") == null ? null : rs.getTimestamp("read_at").toInstant(),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
        return KeysetPage.of(rows, limit, Notification::id);
    }

    @Transactional(readOnly = true)
    public int unread(long memberId) {
        return jdbc.sql("select count(*) from member_notifications where member_id = :member and read_at is null")
                .param("member", memberId).query(Integer.class).single();
    }

    /** Marks one of the member's messages read; a message of another member is not touched. */
    @Transactional
    public boolean markRead(long memberId, long id) {
        return jdbc.sql("update member_notifications set read_at = :now "
                        + "where member_id = :member and id = :id and read_at is null")
                .param("now", Timestamp.from(clock.instant())).param("member", memberId).param("id", id)
                .update() > 0;
    }

    @Transactional
    public int markAllRead(long memberId) {
        return jdbc.sql("update member_notifications set read_at = :now where member_id = :member and read_at is null")
                .param("now", Timestamp.from(clock.instant())).param("member", memberId).update();
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
