package io.loyaltydesk.cards.internal;

import io.loyaltydesk.cards.BlockReason;
import io.loyaltydesk.cards.Card;
import io.loyaltydesk.cards.CardStatus;
import io.loyaltydesk.members.MemberId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL for the card lifecycle rows. No business rules here. */
@Repository
public class CardRecords {

    private final JdbcClient jdbc;

    CardRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues the card commands of one member behind each other for the rest of the transaction. */
    public void lockMember(MemberId id) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('cards:' || :id, 0))").param("id", id.value())
                .query().singleValue();
    }

    public Optional<Card> find(MemberId id, String number) {
        return jdbc.sql("select * from cards where member_id = :id and number = :number")
                .param("id", id.value()).param("number", number).query(CardRecords::row).optional();
    }

    public List<Card> ofMember(MemberId id) {
        return jdbc.sql("select * from cards where member_id = :id order by created_at desc, number")
                .param("id", id.value()).query(CardRecords::row).list();
    }

    /** Records a card as blocked, whether or not it had a row before. */
    public void block(MemberId id, String number, BlockReason reason, String comment, String by, Instant issuedAt,
            Instant now) {
        jdbc.sql("""
                insert into cards (member_id, number, status, block_reason, comment, blocked_at, blocked_by,
                                   issued_at, created_at)
                values (:id, :number, 'BLOCKED', :reason, :comment, :now, :by, :issuedAt, :now)
                on conflict (member_id, number) do update
                   set status = 'BLOCKED', block_reason = excluded.block_reason, comment = excluded.comment,
                       blocked_at = excluded.blocked_at, blocked_by = excluded.blocked_by
                """)
                .param("id", id.value()).param("number", number).param("reason", reason.name())
                .param("comment", comment).param("by", by)
                .param("issuedAt", issuedAt == null ? null : Timestamp.from(issuedAt))
                .param("now", Timestamp.from(now)).update();
    }

    public void markReplaced(MemberId id, String number, String replacedBy) {
        jdbc.sql("update cards set status = 'REPLACED', replaced_by = :by where member_id = :id and number = :number")
                .param("by", replacedBy).param("id", id.value()).param("number", number).update();
    }

    public void issue(MemberId id, String number, String replaces, String by, Instant now) {
        jdbc.sql("""
                insert into cards (member_id, number, status, replaces, issued_at, issued_by, created_at)
                values (:id, :number, 'ACTIVE', :replaces, :now, :by, :now)
                """)
                .param("id", id.value()).param("number", number).param("replaces", replaces).param("by", by)
                .param("now", Timestamp.from(now)).update();
    }

    public boolean numberKnown(String number) {
        return jdbc.sql("select exists(select 1 from cards where number = :number)").param("number", number)
                .query(Boolean.class).single();
    }

    public void moveAll(MemberId from, MemberId to) {
        jdbc.sql("update cards set member_id = :to where member_id = :from")
                .param("to", to.value()).param("from", from.value()).update();
    }

    public void forget(MemberId id) {
        jdbc.sql("delete from cards where member_id = :id").param("id", id.value()).update();
    }

    private static Card row(ResultSet rs, int n) throws SQLException {
        var reason = rs.getString("block_reason");
        return new Card(new MemberId(rs.getLong("member_id")), rs.getString("number"),
                CardStatus.valueOf(rs.getString("status")), reason == null ? null : BlockReason.valueOf(reason),
                rs.getString("comment"), instant(rs, "blocked_at"), rs.getString("blocked_by"),
                rs.getString("replaced_by"), rs.getString("replaces"), instant(rs, "issued_at"),
                rs.getString("issued_by"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
