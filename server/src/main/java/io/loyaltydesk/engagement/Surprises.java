package io.loyaltydesk.engagement;

import io.loyaltydesk.ledger.EarnRequest;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.segments.Segments;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.AuditTrail;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Surprise rewards: points given once to every member of a segment, with a message the members read in their
 * history. The request key (a form token or the API's Idempotency-Key) makes a repeated submission answer with the
 * first surprise; each member is given one surprise at most once. One transaction: all members or none.
 */
@Service
public class Surprises {

    public static final String SOURCE_TYPE = "surprise";
    static final long POINTS_MAX = 100_000;
    static final int MESSAGE_MAX = 200;
    private static final int PAGE = 500;

    private final JdbcClient jdbc;
    private final Segments segments;
    private final Members members;
    private final PointsLedger ledger;
    private final AuditTrail audit;
    private final Clock clock;

    Surprises(JdbcClient jdbc, Segments segments, Members members, PointsLedger ledger, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.segments = segments;
        this.members = members;
        this.ledger = ledger;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public Surprise grant(String requestKey, String segmentCode, long points, String message) {
        var problems = new ArrayList<FieldProblem>();
        if (requestKey == null || requestKey.isBlank() || requestKey.length() > 200) {
            problems.add(new FieldProblem("requestKey", "is required (at most 200 characters)"));
        }
        var segment = segmentCode == null || segmentCode.isBlank() ? null : segments.find(segmentCode).orElse(null);
        if (segment == null) {
            problems.add(new FieldProblem("segment", "choose an existing segment"));
        }
        if (points < 1 || points > POINTS_MAX) {
            problems.add(new FieldProblem("points", "must be between 1 and " + POINTS_MAX));
        }
        var text = message == null ? "" : message.strip();
        if (text.isEmpty() || text.length() > MESSAGE_MAX) {
            problems.add(new FieldProblem("message", "is required, at most " + MESSAGE_MAX
                    + " characters: members read it in their history"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var id = jdbc.sql("""
                insert into surprises (request_key, segment_code, points, message, granted_by, created_at)
                values (:key, :segment, :points, :message, :by, :now)
                on conflict (request_key) do nothing
                returning id
                """)
                .param("key", requestKey).param("segment", segment.code()).param("points", points)
                .param("message", text).param("by", Actor.current().name()).param("now", Timestamp.from(now))
                .query(Long.class).optional();
        if (id.isEmpty()) {
            var first = byKey(requestKey);
            if (!first.segmentCode().equals(segment.code()) || first.points() != points
                    || !first.message().equals(text)) {
                throw new CommandRefusedException.Conflict("request-key-reused",
                        "This request key was used for a different surprise");
            }
            return first;
        }
        int given = 0;
        String cursor = null;
        do {
            var page = segments.members(segment.code(), cursor, PAGE);
            for (var m : page.items()) {
                if (members.find(new MemberId(m.memberId())).filter(x -> !x.erased()).isEmpty()) {
                    continue;
                }
                int inserted = jdbc.sql("""
                        insert into surprise_grants (member_id, surprise_id, created_at) values (:member, :id, :now)
                        on conflict do nothing
                        """).param("member", m.memberId()).param("id", id.get()).param("now", Timestamp.from(now))
                        .update();
                if (inserted > 0) {
                    ledger.earn(List.of(new EarnRequest(m.memberId(), points, now, SOURCE_TYPE,
                            Long.toString(id.get()), null, null, "Surprise: " + text)));
                    given++;
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        jdbc.sql("update surprises set member_count = :count where id = :id").param("count", given)
                .param("id", id.get()).update();
        var surprise = get(id.get());
        audit.record("surprise.granted", "segment", segment.code(), null,
                Map.of("surpriseId", surprise.id(), "points", points, "members", given, "message", text), text);
        return surprise;
    }

    @Transactional(readOnly = true)
    public List<Surprise> recent(int limit) {
        return jdbc.sql("select * from surprises order by created_at desc, id desc limit :limit")
                .param("limit", limit).query(Surprises::surprise).list();
    }

    @Transactional(readOnly = true)
    public Surprise get(long id) {
        return jdbc.sql("select * from surprises where id = :id").param("id", id).query(Surprises::surprise)
                .optional().orElseThrow(() -> new CommandRefusedException.NotFound("Surprise", id));
    }

    private Surprise byKey(String key) {
        return jdbc.sql("select * from surprises where request_key = :key").param("key", key)
                .query(Surprises::surprise).single();
    }

    private static Surprise surprise(ResultSet rs, int row) throws SQLException {
        return new Surprise(rs.getLong("id"), rs.getString("segment_code"), rs.getLong("points"),
                rs.getString("message"), rs.getString("granted_by"), rs.getInt("member_count"),
                rs.getTimestamp("created_at").toInstant());
    }
}
