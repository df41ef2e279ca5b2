package io.loyaltydesk.engagement.internal;

import io.loyaltydesk.engagement.BadgeIcon;
import io.loyaltydesk.engagement.Challenge;
import io.loyaltydesk.engagement.ChallengeDefinition;
import io.loyaltydesk.engagement.ChallengeKind;
import io.loyaltydesk.engagement.Challenges;
import io.loyaltydesk.engagement.ReferralSettings;
import io.loyaltydesk.engagement.Referrals;
import io.loyaltydesk.engagement.Surprises;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.segments.Segments;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.web.FormErrors;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The engagement pages of the console: referral settings with the latest referrals, challenge definitions, and
 * surprise points for a segment. Everyone on the staff may look; admins and program managers change.
 */
@Controller
class EngagementConsole {

    /** Mirrors {@link Access#STAFF_PROGRAM} for what a page offers. */
    private static final Set<String> EDITORS = Set.of("ROLE_ADMIN", "ROLE_PROGRAM_MANAGER");
    private static final int RECENT = 50;

    private final Referrals referrals;
    private final Challenges challenges;
    private final Surprises surprises;
    private final Segments segments;
    private final Members members;
    private final MessageSource messages;
    private final Clock clock;

    EngagementConsole(Referrals referrals, Challenges challenges, Surprises surprises, Segments segments,
            Members members, MessageSource messages, Clock clock) {
        this.referrals = referrals;
        this.challenges = challenges;
        this.surprises = surprises;
        this.segments = segments;
        this.members = members;
        this.messages = messages;
        this.clock = clock;
    }

    record SettingsForm(Boolean enabled, String referrerPoints, String referredPoints, String minPurchaseAmount,
            String qualifyDays, String monthlyCap, String reason) {

        static SettingsForm of(ReferralSettings s) {
            return new SettingsForm(s.enabled(), Long.toString(s.referrerPoints()), Long.toString(s.referredPoints()),
                    s.minPurchaseAmount().toPlainString(), Integer.toString(s.qualifyDays()),
                    Integer.toString(s.monthlyCap()), null);
        }
    }

    record ChallengeForm(String name, String description, String icon, String kind, String target, String category,
            String startsOn, String endsOn, String rewardPoints, String reason) {

        static ChallengeForm empty(LocalDate today) {
            return new ChallengeForm(null, null, BadgeIcon.STAR.name(), ChallengeKind.VISITS.name(), null, null,
                    today.toString(), null, "0", null);
        }

        static ChallengeForm of(Challenge c) {
            return new ChallengeForm(c.name(), c.description(), c.icon().name(), c.kind().name(),
                    c.target().stripTrailingZeros().toPlainString(), c.category(), c.startsOn().toString(),
                    c.endsOn() == null ? null : c.endsOn().toString(), Long.toString(c.rewardPoints()), null);
        }
    }

    record SurpriseForm(String requestKey, String segment, String points, String message) {
    }

    /** A referral row of the console: both members by number and name. */
    record ReferralRow(String referredNumber, String referredName, long referredId, String referrerNumber,
            String referrerName, long referrerId, String status, java.time.Instant joinedAt, long points) {
    }

    // ---- referrals

    @GetMapping("/console/engagement")
    @PreAuthorize(Access.STAFF_ANY)
    String home() {
        return "redirect:/console/engagement/referrals";
    }

    @GetMapping("/console/engagement/referrals")
    @PreAuthorize(Access.STAFF_ANY)
    String referralsPage(Model model, Authentication authentication) {
        model.addAttribute("errors", FormErrors.none());
        return referralsPage(model, SettingsForm.of(referrals.settings()), authentication);
    }

    @PostMapping("/console/engagement/referrals")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String saveSettings(@ModelAttribute SettingsForm form, Model model, Authentication authentication,
            RedirectAttributes redirect) {
        try {
            var problems = new ArrayList<FieldProblem>();
            long referrer = number(form.referrerPoints(), "referrerPoints", Long::parseLong, problems, 0L);
            long referred = number(form.referredPoints(), "referredPoints", Long::parseLong, problems, 0L);
            var min = number(form.minPurchaseAmount() == null ? null : form.minPurchaseAmount().replace(',', '.'),
                    "minPurchaseAmount", BigDecimal::new, problems, null);
            int days = number(form.qualifyDays(), "qualifyDays", Integer::parseInt, problems, 0);
            int cap = number(form.monthlyCap(), "monthlyCap", Integer::parseInt, problems, 0);
            if (!problems.isEmpty()) {
                throw new CommandRefusedException.InvalidInput(problems);
            }
            referrals.updateSettings(new ReferralSettings(Boolean.TRUE.equals(form.enabled()), referrer, referred,
                    min, days, cap), form.reason());
            redirect.addFlashAttribute("flash", text("engagement.referrals.saved"));
            return "redirect:/console/engagement/referrals";
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            return referralsPage(model, form, authentication);
        }
    }

    private String referralsPage(Model model, SettingsForm form, Authentication authentication) {
        var now = clock.instant();
        model.addAttribute("form", form);
        var values = new java.util.HashMap<String, String>();
        values.put("referrerPoints", form.referrerPoints());
        values.put("referredPoints", form.referredPoints());
        values.put("minPurchaseAmount", form.minPurchaseAmount());
        values.put("qualifyDays", form.qualifyDays());
        values.put("monthlyCap", form.monthlyCap());
        model.addAttribute("values", values);
        model.addAttribute("totals", referrals.totals());
        model.addAttribute("referrals", referrals.recent(RECENT).stream().map(r -> {
            var referred = members.find(new MemberId(r.memberId()));
            var referrer = members.find(new MemberId(r.referrerMemberId()));
            return new ReferralRow(referred.map(m -> m.memberNumber()).orElse("—"),
                    referred.map(m -> m.displayName()).orElse("—"), r.memberId(),
                    referrer.map(m -> m.memberNumber()).orElse("—"), referrer.map(m -> m.displayName()).orElse("—"),
                    r.referrerMemberId(), r.expiredAt(now) ? "EXPIRED" : r.status().name(), r.joinedAt(),
                    r.referrerPoints() + r.referredPoints());
        }).toList());
        model.addAttribute("canEdit", canEdit(authentication));
        return "engagement/referrals";
    }

    // ---- challenges

    @GetMapping("/console/engagement/challenges")
    @PreAuthorize(Access.STAFF_ANY)
    String challengeList(Model model, Authentication authentication) {
        model.addAttribute("challenges", challenges.all());
        model.addAttribute("today", today());
        model.addAttribute("canEdit", canEdit(authentication));
        return "engagement/challenges";
    }

    @GetMapping("/console/engagement/challenges/new")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String newChallenge(Model model) {
        model.addAttribute("errors", FormErrors.none());
        return challengeForm(model, ChallengeForm.empty(today()), null);
    }

    @PostMapping("/console/engagement/challenges")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String createChallenge(@ModelAttribute ChallengeForm form, Model model, RedirectAttributes redirect) {
        try {
            var challenge = challenges.create(definition(form));
            redirect.addFlashAttribute("flash", text("engagement.challenges.created", challenge.name()));
            return "redirect:/console/engagement/challenges";
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            return challengeForm(model, form, null);
        }
    }

    @GetMapping("/console/engagement/challenges/{id}/edit")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String editChallenge(@PathVariable long id, Model model) {
        var challenge = challenges.get(id);
        model.addAttribute("errors", FormErrors.none());
        return challengeForm(model, ChallengeForm.of(challenge), challenge);
    }

    @PostMapping("/console/engagement/challenges/{id}/edit")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String updateChallenge(@PathVariable long id, @ModelAttribute ChallengeForm form, Model model,
            RedirectAttributes redirect) {
        var existing = challenges.get(id);
        try {
            var challenge = challenges.update(id, definition(form), form.reason());
            redirect.addFlashAttribute("flash", text("engagement.challenges.saved", challenge.name()));
            return "redirect:/console/engagement/challenges";
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            return challengeForm(model, form, existing);
        }
    }

    @PostMapping("/console/engagement/challenges/{id}/delete")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String deleteChallenge(@PathVariable long id, RedirectAttributes redirect) {
        var challenge = challenges.get(id);
        try {
            challenges.delete(id, null);
            redirect.addFlashAttribute("flash", text("engagement.challenges.deleted", challenge.name()));
        } catch (CommandRefusedException e) {
            redirect.addFlashAttribute("actionError", text("engagement.challenges.deleteRefused",
                    challenge.earnedCount()));
        }
        return "redirect:/console/engagement/challenges";
    }

    private String challengeForm(Model model, ChallengeForm form, Challenge challenge) {
        model.addAttribute("form", form);
        model.addAttribute("challenge", challenge);
        model.addAttribute("icons", BadgeIcon.values());
        model.addAttribute("kinds", ChallengeKind.values());
        return "engagement/challenge-form";
    }

    private ChallengeDefinition definition(ChallengeForm form) {
        var problems = new ArrayList<FieldProblem>();
        BadgeIcon icon = choice(BadgeIcon.class, form.icon(), "icon", problems);
        ChallengeKind kind = choice(ChallengeKind.class, form.kind(), "kind", problems);
        var target = number(form.target() == null ? null : form.target().replace(',', '.'), "target",
                BigDecimal::new, problems, null);
        var startsOn = date(form.startsOn(), "startsOn", true, problems);
        var endsOn = date(form.endsOn(), "endsOn", false, problems);
        long points = form.rewardPoints() == null || form.rewardPoints().isBlank() ? 0
                : number(form.rewardPoints(), "rewardPoints", Long::parseLong, problems, 0L);
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        return new ChallengeDefinition(form.name(), form.description(), icon, kind, target,
                kind == ChallengeKind.CATEGORY_SPEND ? form.category() : null, startsOn, endsOn, points);
    }

    // ---- surprises

    @GetMapping("/console/engagement/surprises")
    @PreAuthorize(Access.STAFF_ANY)
    String surprisesPage(Model model, Authentication authentication) {
        model.addAttribute("errors", FormErrors.none());
        return surprisesPage(model, new SurpriseForm(UUID.randomUUID().toString(), null, null, null), authentication);
    }

    @PostMapping("/console/engagement/surprises")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String grant(@ModelAttribute SurpriseForm form, Model model, Authentication authentication,
            RedirectAttributes redirect) {
        try {
            var problems = new ArrayList<FieldProblem>();
            long points = number(form.points(), "points", Long::parseLong, problems, 0L);
            if (!problems.isEmpty()) {
                throw new CommandRefusedException.InvalidInput(problems);
            }
            var surprise = surprises.grant("console:" + form.requestKey(), form.segment(), points, form.message());
            redirect.addFlashAttribute("flash", text("engagement.surprises.granted", surprise.points(),
                    surprise.memberCount(), surprise.segmentCode()));
            return "redirect:/console/engagement/surprises";
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            return surprisesPage(model, form, authentication);
        }
    }

    private String surprisesPage(Model model, SurpriseForm form, Authentication authentication) {
        model.addAttribute("form", form);
        model.addAttribute("segments", segments.all());
        model.addAttribute("surprises", surprises.recent(RECENT));
        model.addAttribute("canEdit", canEdit(authentication));
        return "engagement/surprises";
    }

    // ---- helpers

    private LocalDate today() {
        return challenges.today();
    }

    private <T> T number(String text, String field, Function<String, T> parser, List<FieldProblem> problems,
            T fallback) {
        if (text == null || text.isBlank()) {
            problems.add(new FieldProblem(field, text("engagement.error.required")));
            return fallback;
        }
        try {
            return parser.apply(text.strip());
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(field, text("engagement.error.number")));
            return fallback;
        }
    }

    private LocalDate date(String text, String field, boolean required, List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            if (required) {
                problems.add(new FieldProblem(field, text("engagement.error.required")));
            }
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(field, text("engagement.error.date")));
            return null;
        }
    }

    private <E extends Enum<E>> E choice(Class<E> type, String value, String field, List<FieldProblem> problems) {
        try {
            return Enum.valueOf(type, value == null ? "" : value);
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field, text("engagement.error.choose")));
            return null;
        }
    }

    private static boolean canEdit(Authentication authentication) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(EDITORS::contains);
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
