package io.loyaltydesk.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.staff.Role;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** My tickets and the contact forms: the member's own conversations, the replies but never the desk's notes. */
class PortalHelpTest extends PortalTestSupport {

    @Autowired
    Conversations conversations;

    @Test
    void aMemberWritesSeesTheReplyButNeverTheNotesAndAnsweringReopens() throws Exception {
        var joined = join("Nora");
        var subject = "Question " + unique();
        var url = mvc.perform(post("/portal/tickets").cookie(joined.session()).with(csrf())
                        .param("subject", subject).param("message", "Can I pay with points online?"))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        long id = Long.parseLong(url.replaceAll(".*/", ""));
        var opened = conversations.get(id);
        assertThat(opened.memberId()).isEqualTo(joined.memberId());
        assertThat(opened.channel()).isEqualTo(Conversation.Channel.WEB_FORM);

        mvc.perform(post("/desk/conversations/{id}/reply", id).with(staff(Role.AGENT)).with(csrf())
                .param("kind", "note").param("body", "Internal: she asked twice already"));
        mvc.perform(post("/desk/conversations/{id}/reply", id).with(staff(Role.AGENT)).with(csrf())
                .param("body", "Yes, at checkout online too.").param("statusAfter", "SOLVED"));

        mvc.perform(get("/portal/tickets").cookie(joined.session()))
                .andExpect(content().string(containsString(subject)))
                .andExpect(content().string(containsString("Solved")));
        mvc.perform(get(url).cookie(joined.session()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Can I pay with points online?")))
                .andExpect(content().string(containsString("Yes, at checkout online too.")))
                .andExpect(content().string(not(containsString("she asked twice"))))
                .andExpect(content().string(not(containsString("changed the status"))))
                .andExpect(content().string(not(containsString("tester"))));

        mvc.perform(post(url + "/reply").cookie(joined.session()).with(csrf()).param("body", "Thanks, one more thing"))
                .andExpect(redirectedUrl(url));
        assertThat(conversations.get(id).status()).isEqualTo(Conversation.Status.OPEN);
        assertThat(conversations.messages(id)).anyMatch(m -> m.body().equals("Thanks, one more thing")
                && m.kind() == io.loyaltydesk.support.Message.Kind.FROM_MEMBER);

        // an empty answer is explained next to the field, nothing added
        int before = conversations.messages(id).size();
        mvc.perform(post(url + "/reply").cookie(joined.session()).with(csrf()).param("body", "  "))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"body-error\"")));
        assertThat(conversations.messages(id)).hasSize(before);
    }

    @Test
    void aMemberCannotSeeOrAnswerAnotherMembersTicket() throws Exception {
        var owner = join("Olga");
        var url = mvc.perform(post("/portal/tickets").cookie(owner.session()).with(csrf())
                        .param("subject", "Private " + unique()).param("message", "My address is Secret Lane 1"))
                .andReturn().getResponse().getRedirectedUrl();
        long id = Long.parseLong(url.replaceAll(".*/", ""));

        var other = join("Pia");
        mvc.perform(get(url).cookie(other.session())).andExpect(status().isNotFound());
        mvc.perform(post(url + "/reply").cookie(other.session()).with(csrf()).param("body", "hijack"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/portal/tickets").cookie(other.session()))
                .andExpect(content().string(not(containsString("Secret Lane"))))
                .andExpect(content().string(containsString("You have not written to us yet")));
        assertThat(conversations.messages(id)).noneMatch(m -> m.body().equals("hijack"));
    }

    @Test
    void theContactFormForMembersExplainsMissingFieldsAndCreatesNothing() throws Exception {
        var joined = join("Quinn");
        mvc.perform(post("/portal/tickets").cookie(joined.session()).with(csrf()).param("subject", "")
                        .param("message", "hello"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Say in a few words what it is about")));
        assertThat(conversations.ofMember(joined.memberId(), 5)).isEmpty();
        mvc.perform(post("/portal/tickets").cookie(joined.session()).param("subject", "x").param("message", "y"))
                .andExpect(status().isForbidden());
    }

    @Test
    void thePublicContactFormTakesMessagesFromNonMembersAndSlowsDownFloods() throws Exception {
        mvc.perform(get("/portal/contact")).andExpect(status().isOk())
                .andExpect(content().string(containsString("name=\"email\"")));
        var address = uniqueAddress();
        var email = uniqueEmail();
        mvc.perform(post("/portal/contact").with(from(address)).param("email", email).param("subject", "Hi")
                .param("message", "no token")).andExpect(status().isForbidden());

        mvc.perform(post("/portal/contact").with(csrf()).with(from(address)).param("name", "Rita")
                        .param("email", email).param("subject", "Opening hours").param("message", "When do you open?"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("We got your message and will answer by email")));
        var opened = jdbc.sql("select id from conversations where contact_email = :email").param("email", email)
                .query(Long.class).list();
        assertThat(opened).hasSize(1);
        var conversation = conversations.get(opened.getFirst());
        assertThat(conversation.channel()).isEqualTo(Conversation.Channel.WEB_FORM);
        assertThat(conversations.messages(conversation.id()).getFirst().body()).contains("Rita").contains("When do you open?");

        mvc.perform(post("/portal/contact").with(csrf()).with(from(address)).param("email", "not-an-email")
                        .param("subject", "x").param("message", "y"))
                .andExpect(content().string(containsString("id=\"email-error\"")));
        for (int i = 0; i < 3; i++) {
            mvc.perform(post("/portal/contact").with(csrf()).with(from(address)).param("email", email)
                    .param("subject", "Again " + i).param("message", "again"));
        }
        mvc.perform(post("/portal/contact").with(csrf()).with(from(address)).param("email", email)
                        .param("subject", "Flood").param("message", "flood"))
                .andExpect(content().string(containsString("Please wait a few minutes")));
        assertThat(jdbc.sql("select count(*) from conversations where contact_email = :email and subject = 'Flood'")
                .param("email", email).query(Long.class).single()).isZero();
    }
}
