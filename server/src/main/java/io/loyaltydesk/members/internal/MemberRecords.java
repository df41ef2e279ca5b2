package io.loyaltydesk.members.internal;

import io.loyaltydesk.members.Channel;
import io.loyaltydesk.members.Consent;
import io.loyaltydesk.members.Identifier;
import io.loyaltydesk.members.IdentifierKind;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.MemberSearch;
import io.loyaltydesk.members.MemberStanding;
import io.loyaltydesk.members.MemberStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL for members, their identifiers and consents. No business rules here. */
@Repository
public class MemberRecords {

    private final JdbcClient jdbc;

    MemberRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The columns of a new member row.
     *
     * @param enrolledAt becomes created_at: the moment the member joined, earlier than {@code now} for members
     *        carried over from an earlier program
     */
    public record NewRow(String firstName, String lastName, LocalDate birthDate, String locale, Long homeStoreId,
            String enrolledVia, Instant enrolledAt, Instant now) {
    }

    private record Row(long id, String memberNumber, MemberStatus status, String firstName, String lastName,
            LocalDate birthDate, String locale, Long homeStoreId, String enrolledVia, Long mergedInto,
            Instant erasedAt, int version, Instant createdAt, Instant updatedAt) {
    }

    public MemberId insert(NewRow row) {
        long sequence = jdbc.sql("select nextval('member_number_seq')").query(Long.class).single();
        long id = jdbc.sql("""
                insert into members (member_number, status, first_name, last_name, birth_date, locale, home_store_id,
                                     enrolled_via, created_at, updated_at)
                values (:number, 'ACTIVE', :firstName, :lastName, :birthDate, :locale, :homeStoreId, :via, :enrolledAt, :now)
                returning id
                """)
                .param("number", MemberNumbers.fromSequence(sequence))
                .param("firstName", row.firstName()).param("lastName", row.lastName())
                .param("birthDate", row.birthDate()).param("locale", row.locale())
                .param("homeStoreId", row.homeStoreId()).param("via", row.enrolledVia())
                .param("enrolledAt", Timestamp.from(row.enrolledAt())).param("now", Timestamp.from(row.now()))
                .query(Long.class).single();
        return new MemberId(id);
    }

    /** Locks the member row for the rest of the transaction, so concurrent changes queue up. */
    public Optional<Member> lock(MemberId id) {
        var locked = jdbc.sql("select id from members where id = :id for update").param("id", id.value())
                .query(Long.class).optional();
        return locked.flatMap(x -> find(id));
    }

    public boolean exists(MemberId id) {
        return jdbc.sql("select exists(select 1 from members where id = :id)").param("id", id.value())
                .query(Boolean.class).single();
    }

    public Optional<Member> find(MemberId id) {
        return load(jdbc.sql("select * from members where id = :id").param("id", id.value()).query(this::row).list())
                .stream().findFirst();
    }

    /** {@link #find} for many members in three queries (members, identifiers, consents); unknown ids are absent. */
    public List<Member> findAll(Collection<MemberId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return load(jdbc.sql("select * from members where id = any(:ids) order by id")
                .param("ids", ids.stream().map(MemberId::value).distinct().toArray(Long[]::new))
                .query(this::row).list());
    }

    public Optional<Member> findByNumber(String memberNumber) {
        return load(jdbc.sql("select * from members where member_number = :n").param("n", memberNumber)
                .query(this::row).list()).stream().findFirst();
    }

    public Optional<MemberStanding> standingBy(IdentifierKind kind, String value) {
        return jdbc.sql("""
                select m.id, m.status, m.merged_into, m.birth_date, m.created_at
                  from member_identifiers i join members m on m.id = i.member_id
                 where i.kind = :kind and i.value = :value and i.retired_at is null
                """)
                .param("kind", kind.name()).param("value", value).query(MemberRecords::standing).optional();
    }

    /** {@link #standingBy} for many values of one kind in one query, by value (values nobody holds are absent). */
    public Map<String, MemberStanding> standingsBy(IdentifierKind kind, Collection<String> values) {
        if (values.isEmpty()) {
            return Map.of();
        }
        var found = new HashMap<String, MemberStanding>();
        jdbc.sql("""
                select i.value, m.id, m.status, m.merged_into, m.birth_date, m.created_at
                  from member_identifiers i join members m on m.id = i.member_id
                 where i.kind = :kind and i.value in (:values) and i.retired_at is null
                """)
                .param("kind", kind.name()).param("values", values)
                .query(rs -> {
                    found.put(rs.getString("value"), standing(rs, 0));
                });
        return found;
    }

    public Optional<MemberStanding> standing(MemberId id) {
        return jdbc.sql("select id, status, merged_into, birth_date, created_at from members where id = :id")
                .param("id", id.value()).query(MemberRecords::standing).optional();
    }

    private static MemberStanding standing(ResultSet rs, int n) throws SQLException {
        return new MemberStanding(new MemberId(rs.getLong("id")), MemberStatus.valueOf(rs.getString("status")),
                nullIfZero(rs.getLong("merged_into")), rs.getObject("birth_date", LocalDate.class),
                instant(rs, "created_at"));
    }

    /** The member an active identifier finds. */
    public Optional<MemberId> ownerOf(IdentifierKind kind, String value) {
        return jdbc.sql("select member_id from member_identifiers where kind = :kind and value = :value and retired_at is null")
                .param("kind", kind.name()).param("value", value)
                .query(Long.class).optional().map(MemberId::new);
    }

    /** Who holds an identifier, retired or not: a retired one is never given to anyone else. */
    public record Holder(MemberId memberId, boolean retired) {
    }

    public Optional<Holder> holderOf(IdentifierKind kind, String value) {
        return jdbc.sql("select member_id, retired_at is not null as retired from member_identifiers where kind = :kind and value = :value")
                .param("kind", kind.name()).param("value", value)
                .query((rs, n) -> new Holder(new MemberId(rs.getLong("member_id")), rs.getBoolean("retired")))
                .optional();
    }

    /**
     * Retires one active identifier of the member; when it was the primary one, the oldest other active identifier
     * of its kind becomes primary. Returns how many rows were retired (0 when there was no such active identifier).
     */
    public int retireIdentifier(MemberId id, IdentifierKind kind, String value, Instant now) {
        int retired = jdbc.sql("""
                update member_identifiers set retired_at = :now, is_primary = false
                 where member_id = :id and kind = :kind and value = :value and retired_at is null
                """)
                .param("now", Timestamp.from(now)).param("id", id.value()).param("kind", kind.name())
                .param("value", value).update();
        jdbc.sql("""
                update member_identifiers set is_primary = true
                 where member_id = :id and kind = :kind and value = (
                       select value from member_identifiers
                        where member_id = :id and kind = :kind and retired_at is null
                        order by created_at, value limit 1)
                   and not exists (select 1 from member_identifiers
                                    where member_id = :id and kind = :kind and retired_at is null and is_primary)
                """)
                .param("id", id.value()).param("kind", kind.name()).update();
        return retired;
    }

    public void updateProfile(MemberId id, String firstName, String lastName, LocalDate birthDate, String locale,
            Long homeStoreId, MemberStatus status, Instant now) {
        jdbc.sql("""
                update members set first_name = :firstName, last_name = :lastName, birth_date = :birthDate,
                       locale = :locale, home_store_id = :homeStoreId, status = :status,
                       version = version + 1, updated_at = :now
                 where id = :id
                """)
                .param("firstName", firstName).param("lastName", lastName).param("birthDate", birthDate)
                .param("locale", locale).param("homeStoreId", homeStoreId).param("status", status.name())
                .param("now", Timestamp.from(now)).param("id", id.value())
                .update();
    }

    /** Makes {@code value} the member's primary identifier of its kind, replacing the previous primary. */
    public void replacePrimary(MemberId id, IdentifierKind kind, String value, Instant now) {
        jdbc.sql("delete from member_identifiers where member_id = :id and kind = :kind and is_primary and retired_at is null")
                .param("id", id.value()).param("kind", kind.name()).update();
        if (value != null) {
            jdbc.sql("delete from member_identifiers where member_id = :id and kind = :kind and value = :value")
                    .param("id", id.value()).param("kind", kind.name()).param("value", value).update();
            addIdentifier(id, kind, value, true, now);
        }
    }

    public void addIdentifier(MemberId id, IdentifierKind kind, String value, boolean primary, Instant now) {
        jdbc.sql("""
                insert into member_identifiers (member_id, kind, value, is_primary, created_at)
                values (:id, :kind, :value, :primary, :now)
                """)
                .param("id", id.value()).param("kind", kind.name()).param("value", value)
                .param("primary", primary).param("now", Timestamp.from(now))
                .update();
    }

    public int removeIdentifier(MemberId id, IdentifierKind kind, String value) {
        return jdbc.sql("""
                delete from member_identifiers
                 where member_id = :id and kind = :kind and value = :value and retired_at is null
                """)
                .param("id", id.value()).param("kind", kind.name()).param("value", value).update();
    }

    public void setConsent(MemberId id, Channel channel, boolean granted, String source, Instant now) {
        jdbc.sql("""
                insert into member_consents (member_id, channel, granted, source, changed_at, created_at)
                values (:id, :channel, :granted, :source, :now, :now)
                on conflict (member_id, channel) do update
                   set granted = excluded.granted, source = excluded.source, changed_at = excluded.changed_at
                """)
                .param("id", id.value()).param("channel", channel.name()).param("granted", granted)
                .param("source", source).param("now", Timestamp.from(now))
                .update();
    }

    /** Moves every identifier of {@code from} to {@code to} as secondary identifiers; returns what moved. */
    public List<Identifier> moveIdentifiers(MemberId from, MemberId to) {
        var moved = identifiers(List.of(from.value())).getOrDefault(from.value(), List.of());
        jdbc.sql("update member_identifiers set member_id = :to, is_primary = false where member_id = :from")
                .param("to", to.value()).param("from", from.value()).update();
        return moved;
    }

    public void markMerged(MemberId duplicate, MemberId survivor, Instant now) {
        jdbc.sql("""
                update members set status = 'MERGED', merged_into = :survivor, version = version + 1, updated_at = :now
                 where id = :id
                """)
                .param("survivor", survivor.value()).param("now", Timestamp.from(now)).param("id", duplicate.value())
                .update();
    }

    public void recordMerge(MemberId survivor, MemberId duplicate, String movedJson, String reason, String mergedBy,
            Instant now) {
        jdbc.sql("""
                insert into member_merges (member_id, duplicate_id, moved_identifiers, reason, merged_by, created_at)
                values (:survivor, :duplicate, cast(:moved as jsonb), :reason, :by, :now)
                """)
                .param("survivor", survivor.value()).param("duplicate", duplicate.value()).param("moved", movedJson)
                .param("reason", reason).param("by", mergedBy).param("now", Timestamp.from(now))
                .update();
    }

    public List<Map<String, Object>> merges(MemberId id) {
        return jdbc.sql("""
                select member_id as "survivorId", duplicate_id as "duplicateId", moved_identifiers::text as "moved",
                       reason, merged_by as "mergedBy", created_at as "mergedAt"
                  from member_merges where member_id = :id or duplicate_id = :id order by created_at
                """)
                .param("id", id.value()).query().listOfRows();
    }

    /** Removes every trace of personal data from the member row and its identifiers. */
    public void erase(MemberId id, Instant now) {
        jdbc.sql("delete from member_identifiers where member_id = :id").param("id", id.value()).update();
        jdbc.sql("""
                update members set first_name = null, last_name = null, birth_date = null, locale = null,
                       status = case when status = 'MERGED' then status else 'CLOSED' end,
                       erased_at = :now, version = version + 1, updated_at = :now
                 where id = :id
                """)
                .param("now", Timestamp.from(now)).param("id", id.value()).update();
    }

    /** Newest first, keyset paginated on the id; fetches {@code limit + 1} rows. */
    public List<Member> search(MemberSearch search, String phoneE164, Long afterId, int limit) {
        var where = new ArrayList<String>();
        var params = new HashMap<String, Object>();
        if (afterId != null) {
            where.add("m.id < :after");
            params.put("after", afterId);
        }
        identifierFilter(where, params, "email", IdentifierKind.EMAIL,
                search.email() == null ? null : search.email().strip().toLowerCase());
        identifierFilter(where, params, "phone", IdentifierKind.PHONE, phoneE164);
        identifierFilter(where, params, "card", IdentifierKind.CARD,
                search.card() == null ? null : search.card().strip());
        identifierFilter(where, params, "externalId", IdentifierKind.EXTERNAL_ID,
                search.externalId() == null ? null : search.externalId().strip());
        if (search.status() != null) {
            where.add("m.status = :status");
            params.put("status", search.status().name());
        } else {
            where.add("m.status <> 'MERGED'");
        }
        if (search.q() != null && !search.q().isBlank()) {
            var q = search.q().strip();
            where.add("""
                    ((coalesce(m.first_name, '') || ' ' || coalesce(m.last_name, '')) ilike :qLike
                     or m.member_number = :q
                     or exists (select 1 from member_identifiers i
                                 where i.member_id = m.id and i.retired_at is null
                                   and i.value in (:q, lower(:q), :qPhone)))
                    """);
            params.put("q", q);
            params.put("qLike", "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            params.put("qPhone", phoneE164 == null ? q : phoneE164);
        }
        params.put("limit", limit + 1);
        var sql = "select m.* from members m" + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by m.id desc limit :limit";
        return load(jdbc.sql(sql).params(params).query(this::row).list());
    }

    public long countByStatus(MemberStatus status) {
        return jdbc.sql("select count(*) from members where status = :status").param("status", status.name())
                .query(Long.class).single();
    }

    public long countEnrolledSince(Instant since) {
        return jdbc.sql("select count(*) from members where created_at >= :since and status <> 'MERGED'")
                .param("since", Timestamp.from(since)).query(Long.class).single();
    }

    public long count() {
        return jdbc.sql("select count(*) from members where status <> 'MERGED'").query(Long.class).single();
    }

    private static void identifierFilter(List<String> where, Map<String, Object> params, String name,
            IdentifierKind kind, String value) {
        if (value != null && !value.isBlank()) {
            where.add("exists (select 1 from member_identifiers i where i.member_id = m.id and i.kind = '"
                    + kind.name() + "' and i.value = :" + name + " and i.retired_at is null)");
            params.put(name, value);
        }
    }

    private List<Member> load(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        var ids = rows.stream().map(Row::id).toList();
        var identifiers = identifiers(ids);
        var consents = consents(ids);
        return rows.stream().map(r -> new Member(new MemberId(r.id()), r.memberNumber(), r.status(), r.firstName(),
                r.lastName(), r.birthDate(), r.locale(), r.homeStoreId(), r.enrolledVia(), r.mergedInto(),
                r.erasedAt(), r.version(), r.createdAt(), r.updatedAt(),
                identifiers.getOrDefault(r.id(), List.of()),
                consents.getOrDefault(r.id(), Map.of()))).toList();
    }

    private Map<Long, List<Identifier>> identifiers(List<Long> ids) {
        var result = new HashMap<Long, List<Identifier>>();
        jdbc.sql("""
                select member_id, kind, value, is_primary, created_at from member_identifiers
                 where member_id = any(:ids) and retired_at is null order by kind, is_primary desc, created_at
                """)
                .param("ids", ids.toArray(Long[]::new))
                .query(rs -> {
                    result.computeIfAbsent(rs.getLong("member_id"), k -> new ArrayList<>())
                            .add(new Identifier(IdentifierKind.valueOf(rs.getString("kind")), rs.getString("value"),
                                    rs.getBoolean("is_primary"), rs.getTimestamp("created_at").toInstant()));
                });
        return result;
    }

    private Map<Long, Map<Channel, Consent>> consents(List<Long> ids) {
        var result = new HashMap<Long, Map<Channel, Consent>>();
        jdbc.sql("select member_id, channel, granted, source, changed_at from member_consents where member_id = any(:ids)")
                .param("ids", ids.toArray(Long[]::new))
                .query(rs -> {
                    var channel = Channel.valueOf(rs.getString("channel"));
                    result.computeIfAbsent(rs.getLong("member_id"), k -> new EnumMap<>(Channel.class))
                            .put(channel, new Consent(channel, rs.getBoolean("granted"), rs.getString("source"),
                                    rs.getTimestamp("changed_at").toInstant()));
                });
        return result;
    }

    private Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("member_number"), MemberStatus.valueOf(rs.getString("status")),
                rs.getString("first_name"), rs.getString("last_name"), rs.getObject("birth_date", LocalDate.class),
                rs.getString("locale"), nullIfZero(rs.getLong("home_store_id")),
                rs.getString("enrolled_via"), nullIfZero(rs.getLong("merged_into")), instant(rs, "erased_at"), rs.getInt("version"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Long nullIfZero(long value) {
        return value == 0 ? null : value;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
