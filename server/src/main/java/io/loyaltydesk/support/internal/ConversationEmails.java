package io.loyaltydesk.support.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The email side of conversations as the API shows it: for each message that came in or went out as a mail its
 * addresses, subject and threading headers; for the conversation, how its mail thread started and the Message-ID a
 * reply would answer. Conversations without mails have none (the API leaves {@code email} null).
 */
@Component
class ConversationEmails {

    /** One mail of the thread. Addresses are lists; {@code messageId} etc. carry their angle brackets. */
    record MessageEmail(String direction, String from, List<String> to, List<String> cc, String subject,
            String messageId, String inReplyTo, List<String> references, String status, Instant sentAt) {
    }

    /**
     * The conversation's mail thread: the first mail's sender, recipients, subject and Message-ID, the newest
     * mail's Message-ID (what our next reply answers, In-Reply-To) and how many mails it holds.
     */
    record ThreadEmail(String from, List<String> to, List<String> cc, String subject, String messageId,
            String lastMessageId, int mails) {
    }

    private final JdbcClient jdbc;

    ConversationEmails(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The mails of a conversation by the id of the thread line each one is. */
    @Transactional(readOnly = true)
    Map<Long, MessageEmail> byMessage(long conversationId) {
        var mails = new HashMap<Long, MessageEmail>();
        jdbc.sql("""
                select message_id, direction, from_address, to_addresses, cc_addresses, subject, rfc_message_id,
                       in_reply_to, references_ids, status, sent_at
                  from support_emails where conversation_id = :c order by id
                """).param("c", conversationId).query((ResultSet rs) -> {
                    var sent = rs.getTimestamp("sent_at");
                    mails.put(rs.getLong("message_id"), new MessageEmail(rs.getString("direction"),
                            rs.getString("from_address"), list(rs.getString("to_addresses"), ","),
                            list(rs.getString("cc_addresses"), ","), rs.getString("subject"),
                            rs.getString("rfc_message_id"), rs.getString("in_reply_to"),
                            list(rs.getString("references_ids"), " "), rs.getString("status"),
                            sent == null ? null : sent.toInstant()));
                });
        return mails;
    }

    @Transactional(readOnly = true)
    Optional<ThreadEmail> thread(long conversationId) {
        return Optional.ofNullable(threads(List.of(conversationId)).get(conversationId));
    }

    /** The mail threads of several conversations (a page of the list) in one query. */
    @Transactional(readOnly = true)
    Map<Long, ThreadEmail> threads(Collection<Long> conversationIds) {
        var threads = new HashMap<Long, ThreadEmail>();
        if (conversationIds.isEmpty()) {
            return threads;
        }
        jdbc.sql("""
                select first.conversation_id, first.from_address, first.to_addresses, first.cc_addresses,
                       first.subject, first.rfc_message_id,
                       (select e.rfc_message_id from support_emails e where e.conversation_id = first.conversation_id
                         order by e.id desc limit 1) as last_message_id,
                       (select count(*) from support_emails e where e.conversation_id = first.conversation_id) as mails
                  from (select distinct on (conversation_id) *
                          from support_emails where conversation_id in (:ids) order by conversation_id, id) first
                """).param("ids", conversationIds).query((ResultSet rs) -> {
                    threads.put(rs.getLong("conversation_id"), thread(rs));
                });
        return threads;
    }

    private static ThreadEmail thread(ResultSet rs) throws SQLException {
        return new ThreadEmail(rs.getString("from_address"), list(rs.getString("to_addresses"), ","),
                list(rs.getString("cc_addresses"), ","), rs.getString("subject"), rs.getString("rfc_message_id"),
                rs.getString("last_message_id"), rs.getInt("mails"));
    }

    private static List<String> list(String joined, String separator) {
        return joined == null || joined.isBlank() ? List.of()
                : Arrays.stream(joined.split(separator)).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
