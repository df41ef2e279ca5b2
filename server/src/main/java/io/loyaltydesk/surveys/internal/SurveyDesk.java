package io.loyaltydesk.surveys.internal;

import io.loyaltydesk.staff.Access;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.surveys.CsatSurvey;
import io.loyaltydesk.surveys.CsatSurveys;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The CSAT pieces of the desk, loaded into the conversation and the member panel: this survey, the history. */
@Controller
class SurveyDesk {

    private static final int HISTORY_SHOWN = 5;

    private final CsatSurveys csat;
    private final Conversations conversations;

    SurveyDesk(CsatSurveys csat, Conversations conversations) {
        this.csat = csat;
        this.conversations = conversations;
    }

    /** A past survey with its conversation's subject. */
    record HistoryLine(CsatSurvey survey, String subject) {
    }

    @GetMapping("/desk/surveys/conversations/{id}")
    @PreAuthorize(Access.STAFF_DESK)
    String conversation(@PathVariable long id, Model model) {
        model.addAttribute("survey", csat.find(id).orElse(null));
        return "surveys/desk :: conversation";
    }

    @GetMapping("/desk/surveys/members/{memberId}")
    @PreAuthorize(Access.STAFF_DESK)
    String member(@PathVariable long memberId, Model model) {
        model.addAttribute("summary", csat.summaryOfMember(memberId));
        model.addAttribute("history", csat.ofMember(memberId, HISTORY_SHOWN).stream()
                .map(s -> new HistoryLine(s, conversations.find(s.conversationId()).map(c -> c.subject()).orElse("")))
                .toList());
        return "surveys/desk :: member";
    }
}
