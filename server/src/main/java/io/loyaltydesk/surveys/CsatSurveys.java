package io.loyaltydesk.surveys;

import io.loyaltydesk.messaging.Messaging;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.support.AutomatedMessages;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.surveys.internal.SurveyLinks;
import io.loyaltydesk.surveys.internal.SurveysProperties;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * CSAT: one survey per solved conversation with a linked member. Solving sends it: on an email conversation an
 * automated message mailed in the thread with the signed {@link #link}, elsewhere a line in the thread; the member answers 1-5 with a comment once, and may change
 * the answer within the change window. Answers come through a signed link or the member's own portal login.
 */
@Service
public class CsatSurveys {

    public static final int COMMENT_MAX = 2000;
    /** The purpose of the invitation mailed on email conversations. */
    public static final String CSAT_MAIL = "csat";

    private final JdbcClient jdbc;
    private final Conversations conversations;
    private final SurveyLinks links;
    private final SurveysProperties properties;
    private final AuditTrail audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final AutomatedMessages automated;
    private final Messaging messaging;

    CsatSurveys(JdbcClient jdbc, Conversations conversations, SurveyLinks links, SurveysProperties properties,
            AuditTrail audit, Clock clock, ApplicationEventPublisher events, AutomatedMessages automated,
            Messaging messaging) {
        this.messaging = messaging;
        this.automated = automated;
        this.events = events;
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.links = links;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Sends the survey of a conversation just solved: creates it (once; solving again later sends nothing new) and
     * posts the invitation in the thread. Nothing happens without a linked member.
     */
    @Transactional
    public Optional<CsatSurvey> send(Conversation solved) {
        if (solved.memberId() == null) {
            return Optional.empty();
        }
        var now = now();
        int created = jdbc.sql("""
                insert into csat_surveys (conversation_id, member_id, assignee, sent_at, expires_at, created_at)
                values (:conversation, :member, :assignee, :now, :expires, :now)
                on conflict (conversation_id) do nothing
                """).param("conversation", solved.id()).param("member", solved.memberId())
                .param("assignee", solved.assignee()).param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(properties.csatLinkValidity()))).update();
        if (created == 0) {
            return find(solved.id());
        }
        var invitation = "How did we do? Please rate this conversation from 1 to 5: "
                + messaging.link("/portal/surveys/csat/" + solved.id())
                + " — Wie waren wir? Bitte bewerten Sie dieses Gespräch von 1 bis 5.";
        if (solved.channel() == Conversation.Channel.EMAIL) {
            // a message to the member, mailed in the thread with a signed link (see CsatMail), not an agent's reply
            automated.post(solved.id(), invitation, CSAT_MAIL);
        } else {
            conversations.addSystemLine(solved.id(), invitation);
        }
        events.publishEvent(new CsatSurveySent(solved.id(), solved.memberId()));
        return find(solved.id());
    }

    /** The signed link that answers the survey without a login, for emails; empty when there is no survey. */
    @Transactional(readOnly = true)
    public Optional<String> link(long conversationId) {
        return find(conversationId).map(s -> messaging.link("/portal/surveys/answer/"
                + links.sign(SurveyLinks.Kind.CSAT, s.conversationId(), s.memberId(), s.expiresAt())));
    }

    /** The survey a signed token stands for; refused when forged, expired or not a CSAT token. */
    @Transactional(readOnly = true)
    public CsatSurvey byToken(String token) {
        var claim = links.verify(token);
        if (claim.kind() != SurveyLinks.Kind.CSAT) {
            throw new CommandRefusedException.RuleViolated("survey-link-invalid", "This is not a CSAT survey link");
        }
        var survey = find(claim.subjectId()).filter(s -> s.memberId() == claim.memberId())
                .orElseThrow(() -> new CommandRefusedException.RuleViolated("survey-link-invalid",
                        "This survey link is not valid."));
        return survey;
    }

    /** Answers through a signed link. */
    @Transactional
    public CsatSurvey answer(String token, Integer rating, String comment) {
        var survey = byToken(token);
        return record(survey.conversationId(), survey.memberId(), rating, comment);
    }

    /** Answers as the logged-in member, who must be the conversation's member. */
    @Transactional
    public CsatSurvey answerAsMember(long memberId, long conversationId, Integer rating, String comment) {
        var survey = find(conversationId).filter(s -> s.memberId() == memberId)
                .orElseThrow(() -> new CommandRefusedException.NotFound("Survey", conversationId));
        return record(survey.conversationId(), memberId, rating, comment);
    }

    @Transactional(readOnly = true)
    public Optional<CsatSurvey> find(long conversationId) {
        return jdbc.sql("select * from csat_surveys where conversation_id = :id").param("id", conversationId)
                .query(this::survey).optional();
    }

    /** A member's surveys, newest first. */
    @Transactional(readOnly = true)
    public List<CsatSurvey> ofMember(long memberId, int limit) {
        return jdbc.sql("select * from csat_surveys where member_id = :member order by sent_at desc limit :limit")
                .param("member", memberId).param("limit", limit).query(this::survey).list();
    }

    @Transactional(readOnly = true)
    public CsatSummary summaryOfMember(long memberId) {
        return summary("where member_id = :member", "member", memberId);
    }

    /** All surveys sent since the given moment. */
    @Transactional(readOnly = true)
    public CsatSummary summarySince(Instant since) {
        return summary("where sent_at >= :since", "since", Timestamp.from(since));
    }

    /** The latest answers with a comment, newest first. */
    @Transactional(readOnly = true)
    public List<CsatSurvey> latestComments(int limit) {
        return jdbc.sql("select * from csat_surveys where comment is not null order by answered_at desc limit :limit")
                .param("limit", limit).query(this::survey).list();
    }

    /** Rating counts 1..5 of the surveys sent since the given moment (index 0 is rating 1). */
    @Transactional(readOnly = true)
    public long[] distributionSince(Instant since) {
        var counts = new long[5];
        jdbc.sql("select rating, count(*) as n from csat_surveys where rating is not null and sent_at >= :since "
                        + "group by rating")
                .param("since", Timestamp.from(since))
                .query((ResultSet rs) -> {
                    while (rs.next()) {
                        counts[rs.getInt("rating") - 1] = rs.getLong("n");
                    }
                    return counts;
                });
        return counts;
    }

    /** Follows a merge: the duplicate's surveys become the survivor's. */
    @Transactional
    public void mergeInto(long duplicate, long survivor) {
        jdbc.sql("update csat_surveys set member_id = :survivor where member_id = :duplicate")
                .param("survivor", survivor).param("duplicate", duplicate).update();
    }

    /** An erased member's comments go; the ratings stay, anonymous, in the figures. */
    @Transactional
    public void forgetComments(long memberId) {
        jdbc.sql("update csat_surveys set comment = null where member_id = :member").param("member", memberId)
                .update();
    }

    // ---- internals

    private CsatSurvey record(long conversationId, long memberId, Integer rating, String comment) {
        var problems = new ArrayList<FieldProblem>();
        if (rating == null || rating < 1 || rating > 5) {
            problems.add(new FieldProblem("rating", "choose from 1 (very unhappy) to 5 (very happy)"));
        }
        var text = comment == null || comment.isBlank() ? null : comment.strip();
        if (text != null && text.length() > COMMENT_MAX) {
            problems.add(new FieldProblem("comment", "must have at most " + COMMENT_MAX + " characters"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var before = jdbc.sql("select * from csat_surveys where conversation_id = :id for update")
                .param("id", conversationId).query(this::survey).single();
        var now = now();
        if (!now.isBefore(before.expiresAt())) {
            throw new CommandRefusedException.RuleViolated("survey-closed", "This survey has closed.");
        }
        if (before.answered() && !now.isBefore(before.changeableUntil())) {
            throw new CommandRefusedException.RuleViolated("survey-answered",
                    "This survey was answered already and can no longer be changed.");
        }
        jdbc.sql("""
                update csat_surveys set rating = :rating, comment = :comment, answered_at = :answered,
                                        changed_at = :changed
                 where conversation_id = :id
                """).param("rating", rating).param("comment", text)
                .param("answered", Timestamp.from(before.answered() ? before.answeredAt() : now))
                .param("changed", before.answered() ? Timestamp.from(now) : null)
                .param("id", conversationId).update();
        var after = find(conversationId).orElseThrow();
        audit.record(before.answered() ? "csat.changed" : "csat.answered", "conversation", conversationId,
                before.answered() ? before : null, after, null);
        return after;
    }

    private CsatSummary summary(String where, String param, Object value) {
        return jdbc.sql("select count(*) as sent, count(rating) as answered, avg(rating) as average, "
                        + "count(*) filter (where rating >= 4) as satisfied from csat_surveys " + where)
                .param(param, value)
                .query((rs, n) -> {
                    long answered = rs.getLong("answered");
                    var average = rs.getBigDecimal("average");
                    return new CsatSummary(rs.getLong("sent"), answered,
                            average == null ? null : average.setScale(1, RoundingMode.HALF_UP),
                            answered == 0 ? null : (int) Math.round(100.0 * rs.getLong("satisfied") / answered));
                }).single();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private CsatSurvey survey(ResultSet rs, int row) throws SQLException {
        int rating = rs.getInt("rating");
        Integer r = rs.wasNull() ? null : rating;
        var answeredAt = instant(rs, "answered_at");
        return new CsatSurvey(rs.getLong("conversation_id"), rs.getLong("member_id"), rs.getString("assignee"),
                instant(rs, "sent_at"), instant(rs, "expires_at"), r, rs.getString("comment"), answeredAt,
                instant(rs, "changed_at"),
                answeredAt == null ? null : answeredAt.plus(properties.csatChangeWindow()));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
