package io.loyaltydesk.surveys.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.RateLimits;
import io.loyaltydesk.portal.MemberPrincipal;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.surveys.CsatSurvey;
import io.loyaltydesk.surveys.CsatSurveys;
import io.loyaltydesk.surveys.NpsCampaign;
import io.loyaltydesk.surveys.NpsSurveys;
import io.loyaltydesk.web.FormErrors;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The members' survey pages: their open and answered surveys (logged in), and the pages a signed link opens
 * without a login. Link pages are rate limited per address; a forged or expired link gets a page that says so.
 */
@Controller
class SurveyPortal {

    static final String MEMBER = "hasRole('MEMBER')";
    static final String PUBLIC = "permitAll()";
    static final RateLimits.Limit LINKS = new RateLimits.Limit("survey-links", 30, Duration.ofMinutes(1));

    private final CsatSurveys csat;
    private final NpsSurveys nps;
    private final Conversations conversations;
    private final RateLimits rateLimits;
    private final MessageSource messages;
    private final Clock clock;

    SurveyPortal(CsatSurveys csat, NpsSurveys nps, Conversations conversations,
            RateLimits rateLimits, MessageSource messages, Clock clock) {
        this.csat = csat;
        this.nps = nps;
        this.conversations = conversations;
        this.rateLimits = rateLimits;
        this.messages = messages;
        this.clock = clock;
    }

    /** A CSAT survey with its conversation's subject, for the lists. */
    record CsatEntry(CsatSurvey survey, String subject, boolean open) {
    }

    /** A running NPS campaign with the member's answer, if any. */
    record NpsEntry(NpsCampaign campaign, Integer score) {
    }


    @GetMapping("/portal/surveys")
    @PreAuthorize(MEMBER)
    String list(@AuthenticationPrincipal MemberPrincipal me, Model model) {
        var now = clock.instant();
        model.addAttribute("csat", csat.ofMember(me.memberId(), 20).stream()
                .map(s -> new CsatEntry(s, subject(s.conversationId()), s.open(now))).toList());
        model.addAttribute("nps", nps.runningFor(me.memberId()).stream()
                .map(c -> new NpsEntry(c, nps.answerOf(c.id(), me.memberId()).map(a -> a.score()).orElse(null)))
                .toList());
        return "surveys/portal-list";
    }

    @GetMapping("/portal/surveys/csat/{conversationId}")
    @PreAuthorize(MEMBER)
    String csatForm(@AuthenticationPrincipal MemberPrincipal me, @PathVariable long conversationId, Model model) {
        var survey = csat.find(conversationId).filter(s -> s.memberId() == me.memberId())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such survey"));
        model.addAttribute("errors", FormErrors.none());
        return csatPage(model, survey, "/portal/surveys/csat/" + conversationId, null, null);
    }

    @PostMapping("/portal/surveys/csat/{conversationId}")
    @PreAuthorize(MEMBER)
    String csatAnswer(@AuthenticationPrincipal MemberPrincipal me, @PathVariable long conversationId,
            @RequestParam(required = false) String rating, @RequestParam(required = false) String comment,
            Model model, RedirectAttributes redirect) {
        var action = "/portal/surveys/csat/" + conversationId;
        try {
            csat.answerAsMember(me.memberId(), conversationId, number(rating), comment);
            redirect.addFlashAttribute("flash", text("surveys.thanks"));
            return "redirect:" + action;
        } catch (CommandRefusedException.InvalidInput | CommandRefusedException.RuleViolated e) {
            FormErrors.addTo(model, e);
            var survey = csat.find(conversationId).orElseThrow();
            return csatPage(model, survey, action, rating, comment);
        }
    }

    @GetMapping("/portal/surveys/nps/{campaignId}")
    @PreAuthorize(MEMBER)
    String npsForm(@AuthenticationPrincipal MemberPrincipal me, @PathVariable long campaignId, Model model) {
        var campaign = nps.find(campaignId).filter(c -> nps.asks(c, me.memberId()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such survey"));
        model.addAttribute("errors", FormErrors.none());
        return npsPage(model, campaign, me.memberId(), "/portal/surveys/nps/" + campaignId, null, null);
    }

    @PostMapping("/portal/surveys/nps/{campaignId}")
    @PreAuthorize(MEMBER)
    String npsAnswer(@AuthenticationPrincipal MemberPrincipal me, @PathVariable long campaignId,
            @RequestParam(required = false) String score, @RequestParam(required = false) String comment,
            Model model, RedirectAttributes redirect) {
        var action = "/portal/surveys/nps/" + campaignId;
        try {
            nps.answerAsMember(me.memberId(), campaignId, number(score), comment);
            redirect.addFlashAttribute("flash", text("surveys.thanks"));
            return "redirect:" + action;
        } catch (CommandRefusedException.InvalidInput | CommandRefusedException.RuleViolated e) {
            FormErrors.addTo(model, e);
            return npsPage(model, nps.get(campaignId), me.memberId(), action, score, comment);
        }
    }

    @GetMapping("/portal/surveys/answer/{token}")
    @PreAuthorize(PUBLIC)
    String linkForm(@PathVariable String token, HttpServletRequest request, Model model) {
        limit(request);
        model.addAttribute("errors", FormErrors.none());
        try {
            return linkPage(token, model, null, null);
        } catch (CommandRefusedException.RuleViolated e) {
            return closed(model, e);
        }
    }

    @PostMapping("/portal/surveys/answer/{token}")
    @PreAuthorize(PUBLIC)
    String linkAnswer(@PathVariable String token, @RequestParam(required = false) String rating,
            @RequestParam(required = false) String score, @RequestParam(required = false) String comment,
            HttpServletRequest request, Model model, RedirectAttributes redirect) {
        limit(request);
        try {
            if (token.startsWith("csat.")) {
                csat.answer(token, number(rating), comment);
            } else {
                nps.answer(token, number(score), comment);
            }
            redirect.addFlashAttribute("flash", text("surveys.thanks"));
            return "redirect:/portal/surveys/answer/" + token;
        } catch (CommandRefusedException.InvalidInput e) {
            FormErrors.addTo(model, e);
            return linkPage(token, model, token.startsWith("csat.") ? rating : score, comment);
        } catch (CommandRefusedException.RuleViolated e) {
            return closed(model, e);
        }
    }

    private String linkPage(String token, Model model, String typed, String comment) {
        var action = "/portal/surveys/answer/" + token;
        if (token.startsWith("csat.")) {
            return csatPage(model, csat.byToken(token), action, typed, comment);
        }
        var invitation = nps.byToken(token);
        return npsPage(model, invitation.campaign(), invitation.memberId(), action, typed, comment);
    }

    private String csatPage(Model model, CsatSurvey survey, String action, String typed, String comment) {
        model.addAttribute("survey", survey);
        model.addAttribute("subject", subject(survey.conversationId()));
        model.addAttribute("open", survey.open(clock.instant()));
        model.addAttribute("action", action);
        model.addAttribute("rating", typed != null ? typed : survey.rating() == null ? null : survey.rating().toString());
        model.addAttribute("comment", typed != null ? comment : survey.comment());
        model.addAttribute("ratings", List.of(1, 2, 3, 4, 5));
        return "surveys/csat";
    }

    private String npsPage(Model model, NpsCampaign campaign, long memberId, String action, String typed,
            String comment) {
        var answer = nps.answerOf(campaign.id(), memberId);
        model.addAttribute("campaign", campaign);
        model.addAttribute("open", campaign.runningOn(java.time.LocalDate.ofInstant(clock.instant(),
                java.time.ZoneOffset.UTC)));
        model.addAttribute("action", action);
        model.addAttribute("score", typed != null ? typed : answer.map(a -> Integer.toString(a.score())).orElse(null));
        model.addAttribute("comment", typed != null ? comment : answer.map(a -> a.comment()).orElse(null));
        model.addAttribute("answered", answer.isPresent());
        model.addAttribute("scores", List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        return "surveys/nps";
    }

    private String closed(Model model, CommandRefusedException e) {
        model.addAttribute("reason", messages.getMessage("surveys.refused." + e.type(), null, e.getMessage(),
                LocaleContextHolder.getLocale()));
        return "surveys/closed";
    }

    private String subject(long conversationId) {
        return conversations.find(conversationId).map(c -> c.subject()).orElse("");
    }

    private void limit(HttpServletRequest request) {
        if (!rateLimits.tryAcquire(LINKS, request.getRemoteAddr())) {
            throw new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS, "too many requests; try again in a minute");
        }
    }

    private static Integer number(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
