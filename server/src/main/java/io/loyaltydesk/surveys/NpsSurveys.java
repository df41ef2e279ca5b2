package io.loyaltydesk.surveys;

import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.messaging.Messaging;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.segments.Segments;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.surveys.internal.SurveyLinks;
import io.loyaltydesk.surveys.internal.SurveysProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * NPS campaigns and their answers: one 0-10 answer per member and campaign, changeable while the campaign runs,
 * from a signed link ({@link #link}, for the channels that send it) or the member's portal. Only members the
 * campaign asks (its segment, or everyone) can answer.
 */
@Service
public class NpsSurveys {

    public static final int NAME_MAX = 120;
    public static final int QUESTION_MAX = 300;
    public static final int COMMENT_MAX = 2000;
    public static final String DEFAULT_QUESTION =
            "How likely is it that you would recommend us to a friend or colleague?";

    private final JdbcClient jdbc;
    private final Segments segments;
    private final Members members;
    private final SurveyLinks links;
    private final SurveysProperties properties;
    private final AuditTrail audit;
    private final Clock clock;
    private final Messaging messaging;

    NpsSurveys(JdbcClient jdbc, Segments segments, Members members, SurveyLinks links, SurveysProperties properties,
            AuditTrail audit, Clock clock, Messaging messaging) {
        this.messaging = messaging;
        this.jdbc = jdbc;
        this.segments = segments;
        this.members = members;
        this.links = links;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public NpsCampaign create(NewNpsCampaign request) {
        var problems = new ArrayList<FieldProblem>();
        var name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty()) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (name.length() > NAME_MAX) {
            problems.add(new FieldProblem("name", "must have at most " + NAME_MAX + " characters"));
        }
        var segment = request.segmentCode() == null || request.segmentCode().isBlank() ? null
                : request.segmentCode().strip().toUpperCase(java.util.Locale.ROOT);
        if (segment != null && segments.find(segment).isEmpty()) {
            problems.add(new FieldProblem("segmentCode", "no segment has the code " + segment));
        }
        var startsOn = date("startsOn", request.startsOn(), problems);
        var endsOn = date("endsOn", request.endsOn(), problems);
        if (startsOn != null && endsOn != null && endsOn.isBefore(startsOn)) {
            problems.add(new FieldProblem("endsOn", "must not be before the start"));
        }
        var question = request.question() == null || request.question().isBlank() ? DEFAULT_QUESTION
                : request.question().strip();
        if (question.length() > QUESTION_MAX) {
            problems.add(new FieldProblem("question", "must have at most " + QUESTION_MAX + " characters"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        long id = jdbc.sql("""
                insert into nps_campaigns (name, segment_code, starts_on, ends_on, question, created_by, created_at)
                values (:name, :segment, :starts, :ends, :question, :who, :now) returning id
                """).param("name", name).param("segment", segment).param("starts", Date.valueOf(startsOn))
                .param("ends", Date.valueOf(endsOn)).param("question", question)
                .param("who", Actor.current().name()).param("now", Timestamp.from(now())).query(Long.class).single();
        var campaign = get(id);
        audit.record("nps.campaign.created", "nps-campaign", id, null, campaign, null);
        return campaign;
    }

    @Transactional(readOnly = true)
    public List<NpsCampaign> all() {
        return jdbc.sql("select * from nps_campaigns order by starts_on desc, id desc limit 200")
                .query(NpsSurveys::campaign).list();
    }

    @Transactional(readOnly = true)
    public NpsCampaign get(long id) {
        return find(id).orElseThrow(() -> new CommandRefusedException.NotFound("NPS campaign", id));
    }

    @Transactional(readOnly = true)
    public Optional<NpsCampaign> find(long id) {
        return jdbc.sql("select * from nps_campaigns where id = :id").param("id", id).query(NpsSurveys::campaign)
                .optional();
    }

    /** Whether the campaign asks this member. */
    @Transactional(readOnly = true)
    public boolean asks(NpsCampaign campaign, long memberId) {
        return campaign.segmentCode() == null || segments.isMember(campaign.segmentCode(), memberId);
    }

    /** Campaigns running today that ask this member, with the member's answer where given. */
    @Transactional(readOnly = true)
    public List<NpsCampaign> runningFor(long memberId) {
        var today = today();
        return jdbc.sql("select * from nps_campaigns where starts_on <= :today and ends_on >= :today order by id")
                .param("today", Date.valueOf(today)).query(NpsSurveys::campaign).list().stream()
                .filter(c -> asks(c, memberId)).toList();
    }

    @Transactional(readOnly = true)
    public Optional<NpsAnswer> answerOf(long campaignId, long memberId) {
        return jdbc.sql("select * from nps_responses where campaign_id = :campaign and member_id = :member")
                .param("campaign", campaignId).param("member", memberId).query(NpsSurveys::answer).optional();
    }

    /** The signed link for one member, valid until the end of the campaign's last day (UTC). */
    @Transactional(readOnly = true)
    public String link(long campaignId, long memberId) {
        var campaign = get(campaignId);
        members.requireExists(new MemberId(memberId));
        return messaging.link("/portal/surveys/answer/" + links.sign(SurveyLinks.Kind.NPS, campaignId, memberId,
                expiry(campaign)));
    }

    /** What a signed NPS token stands for: the campaign and the member. */
    public record Invitation(NpsCampaign campaign, long memberId) {
    }

    @Transactional(readOnly = true)
    public Invitation byToken(String token) {
        var claim = links.verify(token);
        if (claim.kind() != SurveyLinks.Kind.NPS) {
            throw new CommandRefusedException.RuleViolated("survey-link-invalid", "This is not an NPS survey link");
        }
        var campaign = find(claim.subjectId()).orElseThrow(() -> new CommandRefusedException.RuleViolated(
                "survey-link-invalid", "This survey link is not valid."));
        return new Invitation(campaign, claim.memberId());
    }

    @Transactional
    public NpsAnswer answer(String token, Integer score, String comment) {
        var invitation = byToken(token);
        return record(invitation.campaign(), invitation.memberId(), score, comment);
    }

    @Transactional
    public NpsAnswer answerAsMember(long memberId, long campaignId, Integer score, String comment) {
        return record(get(campaignId), memberId, score, comment);
    }

    @Transactional(readOnly = true)
    public NpsResults results(long campaignId) {
        var campaign = get(campaignId);
        var distribution = new long[11];
        jdbc.sql("select score, count(*) as n from nps_responses where campaign_id = :id group by score")
                .param("id", campaignId).query((ResultSet rs) -> {
                    while (rs.next()) {
                        distribution[rs.getInt("score")] = rs.getLong("n");
                    }
                    return distribution;
                });
        var comments = jdbc.sql("select * from nps_responses where campaign_id = :id and comment is not null "
                        + "order by answered_at desc limit 200")
                .param("id", campaignId).query(NpsSurveys::answer).list();
        return NpsResults.of(campaign, distribution, comments);
    }

    /** Every answer of the campaign as CSV: member number, score, group, comment, when. */
    @Transactional(readOnly = true)
    public void exportCsv(long campaignId, Writer out) {
        var campaign = get(campaignId);
        var rows = jdbc.sql("select * from nps_responses where campaign_id = :id order by answered_at, member_id")
                .param("id", campaignId).query(NpsSurveys::answer).list();
        try {
            // not closed: the writer belongs to the caller (a download's response stream)
            var csv = CSVFormat.DEFAULT.builder()
                    .setHeader("campaign", "member_number", "score", "group", "comment", "answered_at", "changed_at")
                    .get().print(out);
            for (var row : rows) {
                var number = members.find(new MemberId(row.memberId())).map(m -> m.memberNumber()).orElse("");
                csv.printRecord(campaign.name(), number, row.score(), row.group().name().toLowerCase(),
                        row.comment() == null ? "" : row.comment(), row.answeredAt(),
                        row.changedAt() == null ? "" : row.changedAt());
            }
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Follows a merge: the duplicate's answers move to the survivor unless the survivor answered the same campaign. */
    @Transactional
    public void mergeInto(long duplicate, long survivor) {
        jdbc.sql("""
                update nps_responses d set member_id = :survivor
                 where member_id = :duplicate
                   and not exists (select 1 from nps_responses s where s.campaign_id = d.campaign_id
                                                                  and s.member_id = :survivor)
                """).param("survivor", survivor).param("duplicate", duplicate).update();
        jdbc.sql("delete from nps_responses where member_id = :duplicate").param("duplicate", duplicate).update();
    }

    /** An erased member's comments go; the scores stay, anonymous, in the campaign's figures. */
    @Transactional
    public void forgetComments(long memberId) {
        jdbc.sql("update nps_responses set comment = null where member_id = :member").param("member", memberId)
                .update();
    }

    // ---- internals

    private NpsAnswer record(NpsCampaign campaign, long memberId, Integer score, String comment) {
        var problems = new ArrayList<FieldProblem>();
        if (score == null || score < 0 || score > 10) {
            problems.add(new FieldProblem("score", "choose from 0 (not at all likely) to 10 (extremely likely)"));
        }
        var text = comment == null || comment.isBlank() ? null : comment.strip();
        if (text != null && text.length() > COMMENT_MAX) {
            problems.add(new FieldProblem("comment", "must have at most " + COMMENT_MAX + " characters"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        if (!campaign.runningOn(today())) {
            throw new CommandRefusedException.RuleViolated("survey-closed", "This survey is not open.");
        }
        if (!asks(campaign, memberId)) {
            throw new CommandRefusedException.RuleViolated("survey-not-for-member", "This survey is not for you.");
        }
        var before = answerOf(campaign.id(), memberId).orElse(null);
        var now = Timestamp.from(now());
        jdbc.sql("""
                insert into nps_responses (campaign_id, member_id, score, comment, answered_at, created_at)
                values (:campaign, :member, :score, :comment, :now, :now)
                on conflict (campaign_id, member_id)
                do update set score = excluded.score, comment = excluded.comment, changed_at = excluded.answered_at
                """).param("campaign", campaign.id()).param("member", memberId).param("score", score)
                .param("comment", text).param("now", now).update();
        var after = answerOf(campaign.id(), memberId).orElseThrow();
        audit.record(before == null ? "nps.answered" : "nps.changed", "nps-campaign", campaign.id(), before, after,
                null);
        return after;
    }

    private static LocalDate date(String field, String text, List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            problems.add(new FieldProblem(field, "is required (yyyy-mm-dd)"));
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(field, "is not a date (yyyy-mm-dd)"));
            return null;
        }
    }

    private static Instant expiry(NpsCampaign campaign) {
        return campaign.endsOn().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static NpsCampaign campaign(ResultSet rs, int row) throws SQLException {
        return new NpsCampaign(rs.getLong("id"), rs.getString("name"), rs.getString("segment_code"),
                rs.getDate("starts_on").toLocalDate(), rs.getDate("ends_on").toLocalDate(), rs.getString("question"),
                rs.getString("created_by"), rs.getTimestamp("created_at").toInstant());
    }

    private static NpsAnswer answer(ResultSet rs, int row) throws SQLException {
        var changed = rs.getTimestamp("changed_at");
        return new NpsAnswer(rs.getLong("campaign_id"), rs.getLong("member_id"), rs.getInt("score"),
                rs.getString("comment"), rs.getTimestamp("answered_at").toInstant(),
                changed == null ? null : changed.toInstant());
    }
}
