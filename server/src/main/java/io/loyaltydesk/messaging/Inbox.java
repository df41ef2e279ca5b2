package io.loyaltydesk.messaging;

import io.loyaltydesk.platform.KeysetPage;
import java.sql.Timestamp;
import java.time.Clock;
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
        return jdbc.sql("""
                insert into member_notifications (member_id, kind, source, title, body, link, created_at)
                values (:member, :kind, :source, :title, :body, :link, :now)
                on conflict (member_id, kind, source) where source is not null do nothing
                """)
                .param("member", memberId).param("kind", kind).param("source", source)
                .param("title", cut(title, TITLE_LENGTH_MAX)).param("body", cut(body, BODY_LENGTH_MAX))
                .param("link", link).param("now", Timestamp.from(clock.instant()))
                .update() > 0;
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
