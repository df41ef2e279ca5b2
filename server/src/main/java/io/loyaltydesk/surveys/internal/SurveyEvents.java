package io.loyaltydesk.surveys.internal;

import io.loyaltydesk.members.MemberErased;
import io.loyaltydesk.members.MembersMerged;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.ConversationChanged;
import io.loyaltydesk.surveys.CsatSurveys;
import io.loyaltydesk.surveys.NpsSurveys;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * A conversation solved with a member gets its CSAT survey in the same transaction as the solve (so the invitation
 * line sits right after the status line, and a failed solve sends nothing). Surveys follow member merges and
 * erasures after those committed.
 */
@Component
class SurveyEvents {

    private final CsatSurveys csat;
    private final NpsSurveys nps;

    SurveyEvents(CsatSurveys csat, NpsSurveys nps) {
        this.csat = csat;
        this.nps = nps;
    }

    @EventListener
    void on(ConversationChanged changed) {
        if (changed.after().status() == Conversation.Status.SOLVED
                && changed.before().status() != Conversation.Status.SOLVED) {
            csat.send(changed.after());
        }
    }

    @ApplicationModuleListener
    void on(MembersMerged merged) {
        csat.mergeInto(merged.duplicate().value(), merged.survivor().value());
        nps.mergeInto(merged.duplicate().value(), merged.survivor().value());
    }

    @ApplicationModuleListener
    void on(MemberErased erased) {
        csat.forgetComments(erased.memberId().value());
        nps.forgetComments(erased.memberId().value());
    }
}
