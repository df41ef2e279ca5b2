package io.loyaltydesk.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.cards.CardStatus;
import io.loyaltydesk.cards.Cards;
import io.loyaltydesk.members.IdentifierKind;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Block and replace card from the desk's member panel: done through the cards module, noted in the thread. */
class DeskCardActionsTest extends ConversationTestSupport {

    @Autowired
    Members members;

    @Autowired
    Cards cards;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anAgentReplacesALostCardAndTheThreadSaysSo() throws Exception {
        var email = uniqueEmail();
        long memberId = enroll("Ida", email);
        var card = "DESK-" + unique();
        members.addIdentifier(new MemberId(memberId), IdentifierKind.CARD, card, "test");
        ledger.adjust(memberId, 75, "welcome", null, null, null);
        long id = open(email, "Lost my card " + unique(), "I lost my card on the train.");
        var agent = user("jonas").roles("AGENT");

        mvc.perform(get("/desk/conversations/{id}/cards", id).with(agent))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString(card), containsString("/cards/" + card + "/replace"),
                        containsString("data-confirm"))));

        mvc.perform(post("/desk/conversations/{id}/cards/{n}/replace", id, card).param("reason", "LOST")
                        .param("comment", "lost on the train").with(agent).with(csrf()))
                .andExpect(redirectedUrl("/desk/conversations/" + id))
                .andExpect(flash().attribute("flash", containsString("Card " + card + " is replaced by card MR")));
        var issued = cards.active(new MemberId(memberId)).orElseThrow().number();
        // a double click replaces nothing more and writes no second line
        mvc.perform(post("/desk/conversations/{id}/cards/{n}/replace", id, card).param("reason", "LOST")
                        .with(agent).with(csrf()))
                .andExpect(flash().attribute("flash", containsString(issued)));

        var lines = conversations.messages(id).stream().filter(m -> m.kind() == Message.Kind.SYSTEM)
                .map(Message::body).filter(b -> b.contains("replaced card")).toList();
        assertThat(lines).containsExactly("jonas replaced card " + card + " (lost: lost on the train) with card "
                + issued + "; the points stay on the account");
        assertThat(ledger.balance(memberId).available()).isEqualTo(75);
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'conversation.card-replaced' and entity_id = :id")
                .param("id", Long.toString(id)).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'card.replaced' and entity_id = :id")
                .param("id", Long.toString(memberId)).query(Long.class).single()).isEqualTo(1);

        mvc.perform(get("/desk/conversations/{id}/cards", id).with(agent))
                .andExpect(content().string(allOf(containsString(issued), containsString("Replaced"))));
    }

    @Test
    void blockingNeedsAReasonAndALinkedMemberAndOnlyDeskRoles() throws Exception {
        var email = uniqueEmail();
        long memberId = enroll("Jan", email);
        var card = "DESK-" + unique();
        members.addIdentifier(new MemberId(memberId), IdentifierKind.CARD, card, "test");
        long id = open(email, "Card stolen " + unique(), "My wallet was stolen.");
        var agent = user("jonas").roles("AGENT");

        mvc.perform(post("/desk/conversations/{id}/cards/{n}/block", id, card).param("reason", "")
                        .with(agent).with(csrf()))
                .andExpect(flash().attribute("actionError", "reason: choose why: LOST, STOLEN or DAMAGED"));
        mvc.perform(post("/desk/conversations/{id}/cards/{n}/block", id, card).param("reason", "STOLEN")
                        .with(user("sam").roles("STORE_STAFF")).with(csrf()))
                .andExpect(status().isForbidden());
        assertThat(cards.active(new MemberId(memberId))).isPresent();

        mvc.perform(post("/desk/conversations/{id}/cards/{n}/block", id, card).param("reason", "STOLEN")
                        .with(agent).with(csrf()))
                .andExpect(flash().attribute("flash", "Card " + card + " is blocked."));
        assertThat(cards.ofMember(new MemberId(memberId))).extracting(c -> c.status()).containsExactly(CardStatus.BLOCKED);
        assertThat(conversations.messages(id)).anyMatch(m -> m.kind() == Message.Kind.SYSTEM
                && m.body().equals("jonas blocked card " + card + " (stolen)"));

        long unlinked = open(uniqueEmail(), "Who am I " + unique(), "Hello");
        mvc.perform(post("/desk/conversations/{id}/cards/{n}/block", unlinked, card).param("reason", "LOST")
                        .with(agent).with(csrf()))
                .andExpect(flash().attribute("actionError", "Link the conversation to a member first"));
    }
}
