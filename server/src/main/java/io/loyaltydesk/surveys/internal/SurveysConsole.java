package io.loyaltydesk.surveys.internal;

import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.segments.Segments;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.surveys.CsatSurvey;
import io.loyaltydesk.surveys.CsatSurveys;
import io.loyaltydesk.surveys.NewNpsCampaign;
import io.loyaltydesk.surveys.NpsAnswer;
import io.loyaltydesk.surveys.NpsSurveys;
import io.loyaltydesk.web.FormErrors;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Survey results for supervisors and program managers: CSAT of the last 30 days, NPS campaigns and their results. */
@Controller
class SurveysConsole {

    private static final Duration CSAT_PERIOD = Duration.ofDays(30);
    private static final int COMMENTS_SHOWN = 10;

    private final CsatSurveys csat;
    private final NpsSurveys nps;
    private final Conversations conversations;
    private final Members members;
    private final Segments segments;
    private final MessageSource messages;
    private final Clock clock;

    SurveysConsole(CsatSurveys csat, NpsSurveys nps, Conversations conversations, Members members, Segments segments,
            MessageSource messages, Clock clock) {
        this.csat = csat;
        this.nps = nps;
        this.conversations = conversations;
        this.members = members;
        this.segments = segments;
        this.messages = messages;
        this.clock = clock;
    }

    record CampaignForm(String name, String segmentCode, String startsOn, String endsOn, String question) {
    }

    record CsatComment(CsatSurvey survey, String subject) {
    }

    record NpsComment(NpsAnswer answer, String memberNumber) {
    }

    @GetMapping("/console/surveys")
    @PreAuthorize(Access.STAFF_SURVEYS)
    String overview(Model model) {
        var since = clock.instant().minus(CSAT_PERIOD);
        model.addAttribute("csat", csat.summarySince(since));
        model.addAttribute("csatDistribution", csat.distributionSince(since));
        model.addAttribute("csatComments", csat.latestComments(COMMENTS_SHOWN).stream()
                .map(s -> new CsatComment(s, conversations.find(s.conversationId()).map(c -> c.subject()).orElse("")))
                .toList());
        model.addAttribute("campaigns", nps.all());
        model.addAttribute("today", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        return "surveys/console";
    }

    @GetMapping("/console/surveys/nps/new")
    @PreAuthorize(Access.STAFF_SURVEYS)
    String newCampaign(Model model) {
        var today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        model.addAttribute("errors", FormErrors.none());
        return form(model, new CampaignForm(null, null, today.toString(), today.plusDays(14).toString(), null));
    }

    @PostMapping("/console/surveys/nps")
    @PreAuthorize(Access.STAFF_SURVEYS)
    String create(@ModelAttribute CampaignForm form, Model model, RedirectAttributes redirect) {
        try {
            var campaign = nps.create(new NewNpsCampaign(form.name(), form.segmentCode(), form.startsOn(),
                    form.endsOn(), form.question()));
            redirect.addFlashAttribute("flash", messages.getMessage("surveys.nps.created",
                    new Object[] {campaign.name()}, LocaleContextHolder.getLocale()));
            return "redirect:/console/surveys/nps/" + campaign.id();
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            return form(model, form);
        }
    }

    @GetMapping("/console/surveys/nps/{id}")
    @PreAuthorize(Access.STAFF_SURVEYS)
    String results(@PathVariable long id, Model model) {
        var results = nps.results(id);
        model.addAttribute("results", results);
        model.addAttribute("comments", results.comments().stream()
                .map(a -> new NpsComment(a, members.find(new MemberId(a.memberId())).map(m -> m.memberNumber())
                        .orElse("")))
                .toList());
        model.addAttribute("maxCount", java.util.Arrays.stream(results.distribution()).max().orElse(0));
        return "surveys/nps-results";
    }

    @GetMapping("/console/surveys/nps/{id}/export.csv")
    @PreAuthorize(Access.STAFF_SURVEYS)
    void export(@PathVariable long id, HttpServletResponse response) throws IOException {
        var campaign = nps.get(id);
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"nps-" + campaign.id() + ".csv\"");
        var out = new java.io.OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        nps.exportCsv(id, out);
        out.flush();
    }

    private String form(Model model, CampaignForm form) {
        model.addAttribute("form", form);
        model.addAttribute("segments", segments.all());
        model.addAttribute("defaultQuestion", NpsSurveys.DEFAULT_QUESTION);
        return "surveys/nps-form";
    }
}
