package io.loyaltydesk.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
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
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A member reports the plastic card lost in the portal: blocked, replaced, once, behind a fresh password. */
class PortalCardLossTest extends PortalTestSupport {

    @Autowired
    Members members;

    @Autowired
    Cards cards;

    @Test
    void aLostCardIsBlockedAndReplacedOnceAndTheCardPageShowsOnlyTheNewOne() throws Exception {
        var joined = join("Lena");
        var memberId = new MemberId(joined.memberId());
        var card = "LOST-" + unique();
        members.addIdentifier(memberId, IdentifierKind.CARD, card, "test");
        mvc.perform(get("/portal/card").cookie(joined.session()))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("id=\"plastic-number\">" + card + "<"),
                        containsString("/portal/card/lost"))));

        mvc.perform(post("/portal/card/lost").with(csrf()).cookie(joined.session()).param("number", card))
                .andExpect(redirectedUrl("/portal/card"))
                .andExpect(flash().attribute("flash", containsString("Card " + card + " is blocked")));
        var issued = cards.active(memberId).orElseThrow().number();
        assertThat(issued).isNotEqualTo(card).startsWith("MR");
        // a second submit of the same form answers with the same new card
        mvc.perform(post("/portal/card/lost").with(csrf()).cookie(joined.session()).param("number", card))
                .andExpect(flash().attribute("flash", containsString(issued)));
        assertThat(cards.ofMember(memberId)).extracting(c -> c.status())
                .containsExactly(CardStatus.ACTIVE, CardStatus.REPLACED);
        assertThat(jdbc.sql("select actor_type from audit_log where action = 'card.replaced' and entity_id = :id")
                .param("id", Long.toString(joined.memberId())).query(String.class).list()).containsExactly("MEMBER");

        mvc.perform(get("/portal/card").cookie(joined.session()))
                .andExpect(content().string(allOf(containsString("id=\"plastic-number\">" + issued + "<"),
                        containsString("value=\"" + issued + "\""), not(containsString("value=\"" + card + "\"")))));
    }

    @Test
    void reportingALostCardNeedsARecentPasswordAndSomeoneElsesCardIsNotBlocked() throws Exception {
        var joined = join("Ole");
        var memberId = new MemberId(joined.memberId());
        var card = "LOST-" + unique();
        members.addIdentifier(memberId, IdentifierKind.CARD, card, "test");
        var now = clock.instant();
        try {
            clock.advance(Duration.ofMinutes(11));
            mvc.perform(post("/portal/card/lost").with(csrf()).cookie(joined.session())
                            .header("Referer", "http://localhost/portal/card").param("number", card))
                    .andExpect(redirectedUrl("/portal/confirm-password?next=%2Fportal%2Fcard"));
            assertThat(cards.active(memberId).orElseThrow().number()).isEqualTo(card);
        } finally {
            clock.set(now);
        }
        var other = join("Pia");
        var othersCard = "LOST-" + unique();
        members.addIdentifier(new MemberId(other.memberId()), IdentifierKind.CARD, othersCard, "test");
        mvc.perform(post("/portal/card/lost").with(csrf()).cookie(joined.session()).param("number", othersCard))
                .andExpect(flash().attribute("flash", containsString("could not block")));
        assertThat(cards.active(new MemberId(other.memberId())).orElseThrow().number()).isEqualTo(othersCard);
        mvc.perform(post("/portal/card/lost").param("number", card).with(csrf())).andExpect(status().is3xxRedirection());
        assertThat(cards.active(memberId).orElseThrow().number()).isEqualTo(card);
    }
}
