package io.loyaltydesk.segments;

import io.loyaltydesk.members.IdentifierKind;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.platform.KeysetPage;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.AuditTrail;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Static segments: definitions (code, name, description) and their members, added by id, member number or email,
 * one by one or from CSV. Every change is audited in its own transaction.
 */
@Service
public class Segments {

    public static final Pattern CODE = Pattern.compile("[A-Z0-9_-]{2,40}");
    /** Member ids in one add request. */
    public static final int ADD_MAX = 1000;
    /** Lines in one CSV import. */
    public static final int IMPORT_LINES_MAX = 10_000;

    /** What adding members by id did; {@code unknown} lists the ids no member has. */
    public record AddResult(int added, int alreadyMembers, List<Long> unknown) {
    }

    /** One line of a CSV import and what became of it. */
    public record ImportLine(int line, String value, Outcome outcome, Long memberId) {

        public enum Outcome { ADDED, ALREADY_MEMBER, UNKNOWN }
    }

    /** What a CSV import did, line by line (blank lines and a header line are left out). */
    public record ImportResult(int added, int alreadyMembers, int unknown, List<ImportLine> lines) {
    }

    private final JdbcClient jdbc;
    private final Members members;
    private final AuditTrail audit;
    private final Clock clock;

    Segments(JdbcClient jdbc, Members members, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.members = members;
        this.audit = audit;
        this.clock = clock;
    }

    // ---- definitions

    @Transactional
    public Segment create(SegmentDefinition definition) {
        var code = normaliseCode(definition.code());
        var problems = new ArrayList<FieldProblem>();
        if (code == null || !CODE.matcher(code).matches()) {
            problems.add(new FieldProblem("code", "is required: 2 to 40 letters A-Z, digits, _ or -"));
        }
        problems.addAll(problems(definition));
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var now = Timestamp.from(clock.instant());
        int inserted = jdbc.sql("""
                insert into segments (code, name, description, created_at, updated_at)
                values (:code, :name, :description, :now, :now)
                on conflict (code) do nothing
                """)
                .param("code", code).param("name", definition.name().strip())
                .param("description", description(definition)).param("now", now).update();
        if (inserted == 0) {
            throw new CommandRefusedException.Conflict("segment-exists", "A segment with code " + code + " already exists");
        }
        var segment = get(code);
        audit.record("segment.created", "segment", code, null, segment, null);
        return segment;
    }

    /** Changes the name and description; the code stays. */
    @Transactional
    public Segment update(String code, SegmentDefinition definition, String reason) {
        var before = lock(code);
        var problems = problems(definition);
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        jdbc.sql("update segments set name = :name, description = :description, updated_at = :now where id = :id")
                .param("name", definition.name().strip()).param("description", description(definition))
                .param("now", Timestamp.from(clock.instant())).param("id", before.id()).update();
        var after = get(before.code());
        audit.record("segment.changed", "segment", before.code(), before, after, reason);
        return after;
    }

    /** All segments by code, with their member counts. */
    @Transactional(readOnly = true)
    public List<Segment> all() {
        return jdbc.sql(SELECT + " order by s.code").query(Segments::segment).list();
    }

    @Transactional(readOnly = true)
    public Segment get(String code) {
        return find(code).orElseThrow(() -> new CommandRefusedException.NotFound("Segment", code));
    }

    @Transactional(readOnly = true)
    public Optional<Segment> find(String code) {
        var normal = normaliseCode(code);
        return normal == null ? Optional.empty()
                : jdbc.sql(SELECT + " where s.code = :code").param("code", normal).query(Segments::segment).optional();
    }

    // ---- members

    /** Adds members by id; ids of no member are reported, not refused, and members already in stay as they were. */
    @Transactional
    public AddResult addMembers(String code, Collection<Long> memberIds, String reason) {
        var segment = lock(code);
        if (memberIds == null || memberIds.isEmpty() || memberIds.size() > ADD_MAX) {
            throw new CommandRefusedException.InvalidInput("memberIds", "name between 1 and " + ADD_MAX + " member ids");
        }
        var added = new ArrayList<Long>();
        var unknown = new ArrayList<Long>();
        int already = 0;
        for (var id : new LinkedHashSet<>(memberIds)) {
            if (id == null || members.find(new MemberId(id)).filter(m -> !m.erased()).isEmpty()) {
                unknown.add(id);
            } else if (insert(segment.id(), id)) {
                added.add(id);
            } else {
                already++;
            }
        }
        if (!added.isEmpty()) {
            audit.record("segment.members-added", "segment", segment.code(), null, Map.of("memberIds", added), reason);
        }
        return new AddResult(added.size(), already, unknown);
    }

    /** Adds one member found by member number or email (whatever holds an @ is taken for an email). */
    @Transactional
    public Member addMember(String code, String numberOrEmail, String reason) {
        var member = lookUp(numberOrEmail).orElseThrow(() -> new CommandRefusedException.InvalidInput("member",
                "no member has the number or email " + (numberOrEmail == null ? "" : numberOrEmail.strip())));
        var result = addMembers(code, List.of(member.id().value()), reason);
        if (result.alreadyMembers() > 0) {
            throw new CommandRefusedException.Conflict("already-member",
                    "Member " + member.memberNumber() + " is already in segment " + normaliseCode(code));
        }
        return member;
    }

    /** Takes a member out of the segment; returns false when the member was not in it (nothing changes then). */
    @Transactional
    public boolean removeMember(String code, long memberId, String reason) {
        var segment = lock(code);
        int removed = jdbc.sql("delete from segment_members where segment_id = :segment and member_id = :member")
                .param("segment", segment.id()).param("member", memberId).update();
        if (removed > 0) {
            audit.record("segment.member-removed", "segment", segment.code(), Map.of("memberId", memberId), null,
                    reason);
        }
        return removed > 0;
    }

    /**
     * Imports members from CSV text: the first column of each line is a member number or an email. A first line
     * that names the column (number, member_number, email, member) is skipped, as are blank lines.
     */
    @Transactional
    public ImportResult importMembers(String code, String csv) {
        var segment = lock(code);
        var lines = new ArrayList<ImportLine>();
        int added = 0;
        int already = 0;
        int unknown = 0;
        int number = 0;
        try (var reader = new BufferedReader(new StringReader(csv == null ? "" : csv))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (++number > IMPORT_LINES_MAX) {
                    throw new CommandRefusedException.InvalidInput("file",
                            "has more than " + IMPORT_LINES_MAX + " lines");
                }
                var value = line.split("[,;\t]", 2)[0].replace("\"", "").replace("\uFEFF", "").strip();
                if (value.isEmpty() || number == 1 && HEADERS.contains(value.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                var member = lookUp(value);
                if (member.isEmpty()) {
                    unknown++;
                    lines.add(new ImportLine(number, value.length() > 80 ? value.substring(0, 80) + "…" : value,
                            ImportLine.Outcome.UNKNOWN, null));
                } else if (insert(segment.id(), member.get().id().value())) {
                    added++;
                    lines.add(new ImportLine(number, value, ImportLine.Outcome.ADDED, member.get().id().value()));
                } else {
                    already++;
                    lines.add(new ImportLine(number, value, ImportLine.Outcome.ALREADY_MEMBER,
                            member.get().id().value()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (lines.isEmpty()) {
            throw new CommandRefusedException.InvalidInput("file", "holds no member numbers or emails (one per line)");
        }
        var counts = new LinkedHashMap<String, Object>();
        counts.put("added", added);
        counts.put("alreadyMembers", already);
        counts.put("unknown", unknown);
        audit.record("segment.members-imported", "segment", segment.code(), null, counts, null);
        return new ImportResult(added, already, unknown, lines);
    }

    /** A segment's members in member id order, keyset paginated. */
    @Transactional(readOnly = true)
    public KeysetPage<SegmentMember> members(String code, String cursor, int limit) {
        var segment = get(code);
        var after = KeysetPage.decode(cursor);
        var rows = jdbc.sql("""
                select member_id, added_by, added_at from segment_members
                 where segment_id = :segment and member_id > :after
                 order by member_id limit :limit
                """)
                .param("segment", segment.id()).param("after", after == null ? Long.MIN_VALUE : after)
                .param("limit", limit + 1)
                .query((rs, n) -> new SegmentMember(rs.getLong(1), rs.getString(2), instant(rs.getTimestamp(3))))
                .list();
        return KeysetPage.of(rows, limit, SegmentMember::memberId);
    }

    /** The codes of the segments the member is in. */
    @Transactional(readOnly = true)
    public Set<String> segmentCodesOf(long memberId) {
        return new LinkedHashSet<>(jdbc.sql("""
                select s.code from segment_members m join segments s on s.id = m.segment_id
                 where m.member_id = :member order by s.code
                """)
                .param("member", memberId).query(String.class).list());
    }

    @Transactional(readOnly = true)
    public boolean isMember(String code, long memberId) {
        var normal = normaliseCode(code);
        return normal != null && jdbc.sql("""
                select exists (select 1 from segment_members m join segments s on s.id = m.segment_id
                                where m.member_id = :member and s.code = :code)
                """)
                .param("member", memberId).param("code", normal).query(Boolean.class).single();
    }

    @Transactional(readOnly = true)
    public long memberCount(String code) {
        return get(code).memberCount();
    }

    // ---- members merged or erased

    /** The survivor of a merge joins every segment the duplicate was in; the duplicate leaves them. */
    @Transactional
    public void mergeInto(long duplicate, long survivor) {
        var now = Timestamp.from(clock.instant());
        jdbc.sql("""
                insert into segment_members (member_id, segment_id, added_by, added_at, created_at)
                select :survivor, segment_id, added_by, added_at, :now from segment_members where member_id = :duplicate
                on conflict (member_id, segment_id) do nothing
                """)
                .param("survivor", survivor).param("duplicate", duplicate).param("now", now).update();
        jdbc.sql("delete from segment_members where member_id = :duplicate").param("duplicate", duplicate).update();
    }

    /** An erased member leaves every segment. */
    @Transactional
    public void forget(long memberId) {
        jdbc.sql("delete from segment_members where member_id = :member").param("member", memberId).update();
    }

    // ---- helpers

    private static final Set<String> HEADERS = Set.of("number", "member_number", "membernumber", "member number",
            "email", "member", "e-mail");

    private static final String SELECT = """
            select s.*, (select count(*) from segment_members m where m.segment_id = s.id) as member_count
              from segments s
            """;

    private Optional<Member> lookUp(String numberOrEmail) {
        if (numberOrEmail == null || numberOrEmail.isBlank()) {
            return Optional.empty();
        }
        var value = numberOrEmail.strip();
        var found = value.contains("@") ? members.findBy(IdentifierKind.EMAIL, value) : members.findByNumber(value);
        return found.filter(m -> !m.erased());
    }

    private boolean insert(long segmentId, long memberId) {
        var now = Timestamp.from(clock.instant());
        return jdbc.sql("""
                insert into segment_members (member_id, segment_id, added_by, added_at, created_at)
                values (:member, :segment, :by, :now, :now)
                on conflict (member_id, segment_id) do nothing
                """)
                .param("member", memberId).param("segment", segmentId).param("by", Actor.current().name())
                .param("now", now).update() > 0;
    }

    private Segment lock(String code) {
        var normal = normaliseCode(code);
        if (normal == null || jdbc.sql("select id from segments where code = :code for update").param("code", normal)
                .query(Long.class).optional().isEmpty()) {
            throw new CommandRefusedException.NotFound("Segment", code);
        }
        return get(normal);
    }

    private static List<FieldProblem> problems(SegmentDefinition d) {
        var problems = new ArrayList<FieldProblem>();
        if (d.name() == null || d.name().isBlank() || d.name().strip().length() > 120) {
            problems.add(new FieldProblem("name", "is required (at most 120 characters)"));
        }
        if (d.description() != null && d.description().length() > 2000) {
            problems.add(new FieldProblem("description", "must have at most 2000 characters"));
        }
        return problems;
    }

    private static String description(SegmentDefinition d) {
        return d.description() == null || d.description().isBlank() ? null : d.description().strip();
    }

    private static String normaliseCode(String code) {
        return code == null || code.isBlank() ? null : code.strip().toUpperCase(Locale.ROOT);
    }

    private static Segment segment(ResultSet rs, int row) throws SQLException {
        return new Segment(rs.getLong("id"), rs.getString("code"), rs.getString("name"), rs.getString("description"),
                rs.getLong("member_count"), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
