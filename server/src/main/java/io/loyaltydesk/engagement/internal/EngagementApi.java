package io.loyaltydesk.engagement.internal;

import io.loyaltydesk.engagement.BadgeIcon;
import io.loyaltydesk.engagement.Challenge;
import io.loyaltydesk.engagement.ChallengeDefinition;
import io.loyaltydesk.engagement.ChallengeKind;
import io.loyaltydesk.engagement.Challenges;
import io.loyaltydesk.engagement.MemberBadges;
import io.loyaltydesk.engagement.Referral;
import io.loyaltydesk.engagement.ReferralSettings;
import io.loyaltydesk.engagement.ReferralSummary;
import io.loyaltydesk.engagement.Referrals;
import io.loyaltydesk.engagement.Surprise;
import io.loyaltydesk.engagement.Surprises;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Referrals, badges, challenge definitions and surprises: engagement:read to read, engagement:write to change. */
@RestController
@Tag(name = "Engagement", description = "Referral codes and two-sided rewards, badges earned through challenges, "
        + "surprise points for a segment")
class EngagementApi {

    private final Referrals referrals;
    private final Challenges challenges;
    private final Surprises surprises;
    private final Clock clock;

    EngagementApi(Referrals referrals, Challenges challenges, Surprises surprises, Clock clock) {
        this.referrals = referrals;
        this.challenges = challenges;
        this.surprises = surprises;
        this.clock = clock;
    }

    /** A challenge as the API reads and writes it; the icon and kind by name. */
    record ChallengeBody(String name, String description, String icon, String kind, BigDecimal target,
            String category, LocalDate startsOn, LocalDate endsOn, Long rewardPoints, String reason) {

        ChallengeDefinition definition() {
            return new ChallengeDefinition(name, description, parse(BadgeIcon.class, "icon", icon),
                    parse(ChallengeKind.class, "kind", kind), target, category, startsOn, endsOn,
                    rewardPoints == null ? 0 : rewardPoints);
        }
    }

    record ReferralRequest(String code) {
    }

    record SurpriseRequest(String segment, Long points, String message) {
    }

    record ReferralsView(long memberId, String code, long linkOpens, int joined, int qualified, long pointsEarned,
            List<ReferralView> referrals, ReferralView referredBy) {

        static ReferralsView of(ReferralSummary s, Instant now) {
            return new ReferralsView(s.memberId(), s.code(), s.linkOpens(), s.joined(), s.qualified(),
                    s.pointsEarned(), s.referrals().stream().map(r -> ReferralView.of(r, now)).toList(),
                    s.referredBy() == null ? null : ReferralView.of(s.referredBy(), now));
        }
    }

    /** status: JOINED (may still qualify), QUALIFIED or EXPIRED (the window closed without a qualifying purchase). */
    record ReferralView(long memberId, String firstName, long referrerMemberId, String status, Instant joinedAt,
            Instant qualifyUntil, Instant qualifiedAt, Long purchaseId, long referrerPoints, long referredPoints,
            boolean capped) {

        static ReferralView of(Referral r, Instant now) {
            return new ReferralView(r.memberId(), r.referredName(), r.referrerMemberId(),
                    r.expiredAt(now) ? "EXPIRED" : r.status().name(), r.joinedAt(), r.qualifyUntil(),
                    r.qualifiedAt(), r.purchaseId(), r.referrerPoints(), r.referredPoints(), r.capped());
        }
    }

    // ---- referrals

    @GetMapping("/api/v1/members/{id}/referrals")
    @PreAuthorize(Access.API_ENGAGEMENT_READ)
    @Operation(summary = "A member's referrals", description = "The member's code (given on first request), how often "
            + "their share link was opened, the members who joined with it (JOINED, QUALIFIED or EXPIRED), the "
            + "points it earned them, and whose code they joined with.")
    ReferralsView referrals(@PathVariable long id) {
        return ReferralsView.of(referrals.summary(id), clock.instant());
    }

    @PostMapping("/api/v1/members/{id}/referral")
    @PreAuthorize(Access.API_ENGAGEMENT_WRITE)
    @Operation(summary = "Record that a member joined with a referral code", description = "For enrolments outside "
            + "the portal: call it right after enrolling. 400 on referralCode when the code is unknown, the member's "
            + "own, or belongs to a member with the same email or phone; 409 when the member was referred before.")
    ResponseEntity<ReferralView> join(@PathVariable long id, @RequestBody ReferralRequest request) {
        var referral = referrals.join(id, request == null ? null : request.code());
        return ResponseEntity.created(URI.create("/api/v1/members/" + id + "/referrals"))
                .body(ReferralView.of(referral, clock.instant()));
    }

    @GetMapping("/api/v1/referral-settings")
    @PreAuthorize(Access.API_ENGAGEMENT_READ)
    @Operation(summary = "The referral program's settings")
    ReferralSettings settings() {
        return referrals.settings();
    }

    @PutMapping("/api/v1/referral-settings")
    @PreAuthorize(Access.API_ENGAGEMENT_WRITE)
    @Operation(summary = "Change the referral program", description = "Every field is required; audited.")
    ReferralSettings updateSettings(@RequestBody ReferralSettings settings,
            @RequestParam(required = false) String reason) {
        if (settings == null) {
            throw new CommandRefusedException.InvalidInput("body", "is required");
        }
        return referrals.updateSettings(settings, reason);
    }

    // ---- badges and challenges

    @GetMapping("/api/v1/members/{id}/badges")
    @PreAuthorize(Access.API_ENGAGEMENT_READ)
    @Operation(summary = "A member's badges", description = "Earned badges with the date and points given, and the "
            + "running challenges not yet completed with the value counted so far.")
    MemberBadges badges(@PathVariable long id) {
        return challenges.badges(id);
    }

    @GetMapping("/api/v1/challenges")
    @PreAuthorize(Access.API_ENGAGEMENT_READ)
    @Operation(summary = "List challenges", description = "Newest start first, each with how many members earned it.")
    List<Challenge> challenges() {
        return challenges.all();
    }

    @PostMapping("/api/v1/challenges")
    @PreAuthorize(Access.API_ENGAGEMENT_WRITE)
    @Operation(summary = "Create a challenge", description = "kind: VISITS, STREAK_WEEKS, CATEGORY_SPEND (needs "
            + "category) or STORES; icon: STAR, CUP, FLAME, MAP, TROPHY or LEAF; startsOn required, endsOn optional "
            + "(inclusive); rewardPoints 0 for a badge without points. Bad fields give 400 with every one in errors[].")
    ResponseEntity<Challenge> create(@RequestBody ChallengeBody body) {
        var challenge = challenges.create(required(body).definition());
        return ResponseEntity.created(URI.create("/api/v1/challenges/" + challenge.id())).body(challenge);
    }

    @GetMapping("/api/v1/challenges/{id}")
    @PreAuthorize(Access.API_ENGAGEMENT_READ)
    @Operation(summary = "Read a challenge")
    Challenge challenge(@PathVariable long id) {
        return challenges.get(id);
    }

    @PutMapping("/api/v1/challenges/{id}")
    @PreAuthorize(Access.API_ENGAGEMENT_WRITE)
    @Operation(summary = "Change a challenge", description = "Every field as on create; badges already earned stay.")
    Challenge update(@PathVariable long id, @RequestBody ChallengeBody body) {
        return challenges.update(id, required(body).definition(), body.reason());
    }

    @DeleteMapping("/api/v1/challenges/{id}")
    @PreAuthorize(Access.API_ENGAGEMENT_WRITE)
    @Operation(summary = "Delete a challenge", description = "Only while nobody has earned it (409 otherwise: set an "
            + "end date instead).")
    ResponseEntity<Void> delete(@PathVariable long id, @RequestParam(required = false) String reason) {
        challenges.delete(id, reason);
        return ResponseEntity.noContent().build();
    }

    // ---- surprises

    @PostMapping("/api/v1/surprises")
    @PreAuthorize(Access.API_ENGAGEMENT_WRITE + " and " + Access.API_POINTS_WRITE)
    @Operation(summary = "Give surprise points to a segment", description = "Every member of the segment gets the "
            + "points once, with the message in their history. Needs an Idempotency-Key header: the same key answers "
            + "with the first surprise. Needs engagement:write and points:write.")
    ResponseEntity<Surprise> surprise(@RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestBody SurpriseRequest request) {
        if (key == null || key.isBlank()) {
            throw new CommandRefusedException.InvalidInput("Idempotency-Key", "is required for surprises");
        }
        var body = request == null ? new SurpriseRequest(null, null, null) : request;
        var surprise = surprises.grant("api:" + key, body.segment(), body.points() == null ? 0 : body.points(),
                body.message());
        return ResponseEntity.created(URI.create("/api/v1/surprises/" + surprise.id())).body(surprise);
    }

    @GetMapping("/api/v1/surprises")
    @PreAuthorize(Access.API_ENGAGEMENT_READ)
    @Operation(summary = "The latest surprises", description = "Newest first, at most 100.")
    List<Surprise> surprises() {
        return surprises.recent(100);
    }

    private static ChallengeBody required(ChallengeBody body) {
        if (body == null) {
            throw new CommandRefusedException.InvalidInput("name", "is required");
        }
        return body;
    }

    static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandRefusedException.InvalidInput(field, "is not one of " + java.util.Arrays.toString(
                    type.getEnumConstants()));
        }
    }
}
