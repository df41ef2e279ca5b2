package io.loyaltydesk.messaging.internal;

import io.loyaltydesk.messaging.OutgoingMessage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code message_outbox} table. */
@Repository
public class OutboxStore {

    private final JdbcClient jdbc;

    OutboxStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record NewMessage(Long memberId, OutgoingMessage.Channel channel, String template, String recipient,
            String subject, String bodyText, String bodyHtml, String unsubscribeUrl) {
    }

    public long insert(NewMessage m, Instant now) {
        return insertAll(List.of(m), now).getFirst();
    }

    /** Queues messages in one statement; returns their ids in the order given. */
    public List<Long> insertAll(List<NewMessage> messages, Instant now) {
        if (messages.isEmpty()) {
            return List.of();
        }
        int n = messages.size();
        var members = new Long[n];
        var channels = new String[n];
        var templates = new String[n];
        var recipients = new String[n];
        var subjects = new String[n];
        var texts = new String[n];
        var htmls = new String[n];
        var unsubscribes = new String[n];
        for (int i = 0; i < n; i++) {
            var m = messages.get(i);
            members[i] = m.memberId();
            channels[i] = m.channel().name();
            templates[i] = m.template();
            recipients[i] = m.recipient();
            subjects[i] = m.subject();
            texts[i] = m.bodyText();
            htmls[i] = m.bodyHtml();
            unsubscribes[i] = m.unsubscribeUrl();
        }
        // ids come from the identity in the order the rows are inserted, which is the order of the select
        return jdbc.sql("""
                insert into message_outbox (member_id, channel, template, recipient, subject, body_text, body_html,
                                            unsubscribe_url, next_attempt_at, created_at)
                select m.member_id, m.channel, m.template, m.recipient, m.subject, m.body_text, m.body_html,
                       m.unsubscribe_url, :now, :now
                  from unnest(cast(:members as bigint[]), cast(:channels as text[]), cast(:templates as text[]),
                              cast(:recipients as text[]), cast(:subjects as text[]), cast(:texts as text[]),
                              cast(:htmls as text[]), cast(:unsubscribes as text[]))
                       with ordinality as m(member_id, channel, template, recipient, subject, body_text, body_html,
                                            unsubscribe_url, position)
                 order by m.position
                returning id
                """)
                .param("members", members).param("channels", channels).param("templates", templates)
                .param("recipients", recipients).param("subjects", subjects).param("texts", texts)
                .param("htmls", htmls).param("unsubscribes", unsubscribes).param("now", Timestamp.from(now))
                .query(Long.class).list();
    }

    /** Due messages, locked for this transaction; other nodes skip them instead of waiting. */
    public List<Due> lockDue(Instant now, List<String> channels, int limit) {
        if (channels.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select id, channel, recipient, subject, body_text, body_html, unsubscribe_url, attempts
                  from message_outbox
                 where status = 'PENDING' and next_attempt_at <= :now and channel in (:channels)
                 order by next_attempt_at, id
                 limit :limit
                   for update skip locked
                """)
                .param("now", Timestamp.from(now)).param("channels", channels).param("limit", limit)
                .query((rs, n) -> new Due(rs.getLong("id"), OutgoingMessage.Channel.valueOf(rs.getString("channel")),
                        rs.getString("recipient"), rs.getString("subject"), rs.getString("body_text"),
                        rs.getString("body_html"), rs.getString("unsubscribe_url"), rs.getInt("attempts")))
                .list();
    }

    public record Due(long id, OutgoingMessage.Channel channel, String recipient, String subject, String bodyText,
            String bodyHtml, String unsubscribeUrl, int attempts) {
    }

    /**
     * The templates whose messages carry a one-time secret (a verification or reset link, a phone code): once sent,
     * their bodies are dropped from the outbox, so whoever reads the table cannot use them (the tokens themselves are
     * stored only as hashes).
     */
    static final List<String> SECRET_TEMPLATES = List.of("verify-email", "reset-password", "change-email",
            "phone-code");

    static final String REMOVED = "(removed once sent: it held a one-time link or code)";

    public void sent(long id, Instant now) {
        jdbc.sql("""
                update message_outbox set status = 'SENT', attempts = attempts + 1, sent_at = :now, last_error = null,
                       body_text = case when template in (:secret) then :removed else body_text end,
                       body_html = case when template in (:secret) then null else body_html end
                 where id = :id
                """)
                .param("now", Timestamp.from(now)).param("id", id).param("secret", SECRET_TEMPLATES)
                .param("removed", REMOVED).update();
    }

    public void failed(long id, String error, Instant nextAttemptAt, boolean givenUp) {
        jdbc.sql("update message_outbox set attempts = attempts + 1, last_error = :error, next_attempt_at = :next, "
                        + "status = case when :givenUp then 'FAILED' else status end where id = :id")
                .param("error", error).param("next", Timestamp.from(nextAttemptAt)).param("givenUp", givenUp)
                .param("id", id).update();
    }

    public List<OutgoingMessage> recent(Long memberId, int limit) {
        return jdbc.sql("select * from message_outbox where (cast(:member as bigint) is null or member_id = :member) "
                        + "order by id desc limit :limit")
                .param("member", memberId).param("limit", limit)
                .query((rs, n) -> row(rs)).list();
    }

    public long countByStatus(OutgoingMessage.Status status) {
        return jdbc.sql("select count(*) from message_outbox where status = :status").param("status", status.name())
                .query(Long.class).single();
    }

    public int deleteOfMember(long memberId) {
        return jdbc.sql("delete from message_outbox where member_id = :member").param("member", memberId).update();
    }

    public void moveMember(long from, long to) {
        jdbc.sql("update message_outbox set member_id = :to where member_id = :from")
                .param("from", from).param("to", to).update();
    }

    public String signingKey() {
        return jdbc.sql("select signing_key from messaging_keys where id = 1").query(String.class).single();
    }

    private static OutgoingMessage row(ResultSet rs) throws SQLException {
        return new OutgoingMessage(rs.getLong("id"), (Long) rs.getObject("member_id"),
                OutgoingMessage.Channel.valueOf(rs.getString("channel")), rs.getString("template"),
                rs.getString("recipient"), rs.getString("subject"), rs.getString("body_text"),
                rs.getString("body_html"), OutgoingMessage.Status.valueOf(rs.getString("status")),
                rs.getInt("attempts"), instant(rs, "next_attempt_at"), rs.getString("last_error"),
                instant(rs, "sent_at"), instant(rs, "created_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
