package io.loyaltydesk.portal;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.Message;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A merged ticket in the portal (ADR 0020): out of the list, pointing to the kept one; assistant answers labelled. */
class PortalMergedTicketTest extends PortalTestSupport {

    @Autowired
    Conversations conversations;

    @Test
    void aMergedTicketPointsToTheKeptOneAndAssistantAnswersAreLabelled() throws Exception {
        var joined = join("Olga");
        long first = ticket(joined, "Voucher missing " + unique(), "Where is my voucher?");
        var keptSubject = "Voucher still missing " + unique();
        long kept = ticket(joined, keptSubject, "Still no voucher.");
        var mergedSubject = conversations.get(first).subject();
        Actor.callAs(new Actor(Actor.Type.STAFF, null, "jonas", null), () -> conversations.merge(first, kept));
        Actor.callAs(new Actor(Actor.Type.API_KEY, "1", "help-bot", null), () -> conversations.addMessage(kept,
                Message.Kind.FROM_ASSISTANT, "Vouchers arrive within a day."));

        mvc.perform(get("/portal/tickets").cookie(joined.session()))
                .andExpect(content().string(containsString(keptSubject)))
                .andExpect(content().string(not(containsString(mergedSubject))));
        mvc.perform(get("/portal/tickets/{id}", first).cookie(joined.session()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("This ticket continues in")))
                .andExpect(content().string(containsString("href=\"/portal/tickets/" + kept + "\"")))
                .andExpect(content().string(not(containsString("id=\"ticket-reply\""))));
        mvc.perform(get("/portal/tickets/{id}", kept).cookie(joined.session()))
                .andExpect(content().string(containsString("Where is my voucher?")))
                .andExpect(content().string(containsString(">Assistant</strong>")))
                .andExpect(content().string(containsString("Vouchers arrive within a day.")))
                .andExpect(content().string(not(containsString("merged"))));
    }

    private long ticket(Joined joined, String subject, String message) throws Exception {
        var url = mvc.perform(post("/portal/tickets").cookie(joined.session()).with(csrf())
                        .param("subject", subject).param("message", message))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        return Long.parseLong(url.replaceAll(".*/", ""));
    }
}
