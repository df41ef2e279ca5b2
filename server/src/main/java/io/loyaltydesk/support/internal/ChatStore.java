package io.loyaltydesk.support.internal;

import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.Message;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The live-chat tables: which conversations are chats, how far each side has read, which agents are online. The
 * conversations and messages themselves stay with {@link Conversations}.
 */
@Component
class ChatStore {

    /** What a member or visitor sees of a thread: their words and the agents' answers, no notes, no system lines. */
    static final List<String> VISIBLE_KINDS = List.of(Message.Kind.FROM_MEMBER.name(), Message.Kind.FROM_AGENT.name(),
            Message.Kind.FROM_ASSISTANT.name());

    private final JdbcClient jdbc;
    private final Conversations conversations;
    private final Clock clock;

    ChatStore(JdbcClient jdbc, Conversations conversations, Clock clock) {
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.clock = clock;
    }

    void registerChat(long conversationId, String visitorName) {
        jdbc.sql("""
                insert into support_chats (conversation_id, visitor_name, created_at) values (:id, :name, :now)
                on conflict (conversation_id) do nothing
                """).param("id", conversationId).param("name", visitorName).param("now", now()).update();
    }

    boolean isChat(long conversationId) {
        return jdbc.sql("select exists (select 1 from support_chats where conversation_id = :id)")
                .param("id", conversationId).query(Boolean.class).single();
    }

    /** The member's chat still going on (not solved or closed), newest first. */
    Optional<Conversation> activeChatOf(long memberId) {
        return jdbc.sql("""
                select c.id from conversations c join support_chats s on s.conversation_id = c.id
                 where c.member_id = :member and c.status not in ('SOLVED','CLOSED','MERGED')
                 order by c.id desc limit 1
                """).param("member", memberId).query(Long.class).optional().flatMap(conversations::find);
    }

    /** Whether the chat was turned into an email-answered ticket; marks it so the first time. */
    boolean markOffline(long conversationId) {
        return jdbc.sql("update support_chats set offline_at = :now where conversation_id = :id and offline_at is null")
                .param("now", now()).param("id", conversationId).update() == 1;
    }

    boolean offline(long conversationId) {
        return jdbc.sql("select offline_at is not null from support_chats where conversation_id = :id")
                .param("id", conversationId).query(Boolean.class).optional().orElse(false);
    }

    Optional<Message> message(long messageId) {
        return jdbc.sql("select * from conversation_messages where id = :id").param("id", messageId)
                .query((rs, row) -> {
                    long memberId = rs.getLong("member_id");
                    return new Message(rs.getLong("id"), rs.getLong("conversation_id"), rs.wasNull() ? null : memberId,
                            Message.Kind.valueOf(rs.getString("kind")), rs.getString("author"), rs.getString("body"),
                            rs.getTimestamp("created_at").toInstant());
                }).optional();
    }

    /** The member-visible part of a thread after a message id (0: all of it). */
    List<Message> visibleAfter(long conversationId, long afterMessageId) {
        return conversations.messages(conversationId).stream()
                .filter(m -> m.id() > afterMessageId && VISIBLE_KINDS.contains(m.kind().name())).toList();
    }

    /** Moves a side's read mark forward (never back); false when it was there already. */
    boolean markRead(long conversationId, String side, long messageId) {
        return jdbc.sql("""
                insert into support_chat_reads (conversation_id, side, message_id, read_at, created_at)
                values (:id, :side, :message, :now, :now)
                on conflict (conversation_id, side) do update set message_id = excluded.message_id,
                                                                  read_at = excluded.read_at
                 where support_chat_reads.message_id < excluded.message_id
                """).param("id", conversationId).param("side", side).param("message", messageId).param("now", now())
                .update() == 1;
    }

    long readUpTo(long conversationId, String side) {
        return jdbc.sql("select message_id from support_chat_reads where conversation_id = :id and side = :side")
                .param("id", conversationId).param("side", side).query(Long.class).optional().orElse(0L);
    }

    /** Replaces this node's presence rows with the agents it serves now. */
    @Transactional
    void writePresence(String node, Map<String, Integer> agents) {
        var now = now();
        jdbc.sql("delete from support_agent_presence where node = :node").param("node", node).update();
        agents.forEach((username, connections) -> jdbc.sql("""
                insert into support_agent_presence (node, username, connections, seen_at, created_at)
                values (:node, :username, :connections, :now, :now)
                """).param("node", node).param("username", username).param("connections", connections)
                .param("now", now).update());
    }

    void clearPresence(String node) {
        jdbc.sql("delete from support_agent_presence where node = :node").param("node", node).update();
    }

    /** Agents with the desk open on any node, seen within the time to live. */
    int agentsOnline(java.time.Duration ttl) {
        return jdbc.sql("select count(distinct username) from support_agent_presence where seen_at > :since")
                .param("since", Timestamp.from(clock.instant().minus(ttl))).query(Integer.class).single();
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

}
