package io.loyaltydesk.surveys.internal;

import io.loyaltydesk.support.AutomatedMailBody;
import io.loyaltydesk.surveys.CsatSurveys;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The CSAT invitation as it is mailed on an email conversation: with the signed link that answers the survey
 * without a login, written when the mail goes out so the link is never stored. No mail body (the thread's text goes
 * out) once the survey is answered or gone.
 */
@Component
class CsatMail implements AutomatedMailBody {

    private final CsatSurveys csat;

    CsatMail(CsatSurveys csat) {
        this.csat = csat;
    }

    @Override
    public String purpose() {
        return CsatSurveys.CSAT_MAIL;
    }

    @Override
    public Optional<String> body(long conversationId) {
        return csat.find(conversationId).filter(s -> s.answeredAt() == null)
                .flatMap(s -> csat.link(conversationId)).map(link -> """
                        How did we do? Please rate this conversation from 1 to 5 (one click, no login):
                        %s

                        Wie waren wir? Bitte bewerten Sie dieses Gespräch von 1 bis 5 (ein Klick, ohne Anmeldung):
                        %s
                        """.formatted(link, link));
    }
}
