package io.loyaltydesk.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.engagement.Referral;
import io.loyaltydesk.engagement.Referrals;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Joining with a friend's code, and the member's referral and badges pages. */
class PortalEngagementTest extends PortalTestSupport {

    @Autowired
    Referrals referrals;

    @Test
    void theShareLinkFillsInTheCodeAndJoiningWithItRecordsTheReferral() throws Exception {
        var ben = join("Ben");
        var code = referrals.codeOf(ben.memberId());
        mvc.perform(get("/portal/referrals").cookie(ben.session()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(">" + code + "<")))
                .andExpect(content().string(containsString("/portal/join?ref=" + code)))
                .andExpect(content().string(containsString("No one has joined with your code yet")));

        mvc.perform(get("/portal/join").param("ref", code.toLowerCase()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("value=\"" + code + "\"")));
        assertThat(referrals.summary(ben.memberId()).linkOpens()).isEqualTo(1);

        var email = uniqueEmail();
        mvc.perform(post("/portal/join").with(csrf()).with(from(uniqueAddress())).param("firstName", "Anna")
                        .param("email", email).param("password", PASSWORD).param("referralCode", code))
                .andExpect(redirectedUrl("/portal?welcome"));
        long anna = jdbc.sql("select member_id from member_logins where email = :email").param("email", email)
                .query(Long.class).single();
        var referral = referrals.find(anna).orElseThrow();
        assertThat(referral.referrerMemberId()).isEqualTo(ben.memberId());
        assertThat(referral.status()).isEqualTo(Referral.Status.JOINED);

        mvc.perform(get("/portal/referrals").cookie(ben.session()))
                .andExpect(content().string(containsString("Anna")))
                .andExpect(content().string(containsString("waiting for a purchase of at least")));
    }

    @Test
    void anUnknownCodeIsExplainedAndNobodyJoins() throws Exception {
        var email = uniqueEmail();
        mvc.perform(post("/portal/join").with(csrf()).with(from(uniqueAddress())).param("firstName", "Anna")
                        .param("email", email).param("password", PASSWORD).param("referralCode", "QQQQQQQ"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"referralCode-error\"")))
                .andExpect(content().string(containsString("We do not know this code")));
        assertThat(jdbc.sql("select count(*) from member_logins where email = :email").param("email", email)
                .query(Long.class).single()).isZero();
    }

    @Test
    void guessingCodesIsSlowedDown() throws Exception {
        var address = uniqueAddress();
        for (int i = 0; i < 10; i++) {
            mvc.perform(post("/portal/join").with(csrf()).with(from(address)).param("firstName", "Guess")
                            .param("email", uniqueEmail()).param("password", PASSWORD).param("referralCode", "QQQQQQ" + i))
                    .andExpect(content().string(containsString("We do not know this code")));
        }
        var ben = join("Ben");
        mvc.perform(post("/portal/join").with(csrf()).with(from(address)).param("firstName", "Guess")
                        .param("email", uniqueEmail()).param("password", PASSWORD)
                        .param("referralCode", referrals.codeOf(ben.memberId())))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Too many wrong codes")));
    }

    @Test
    void theBadgesPageSaysWhatIsEarnedAndWhatIsRunning() throws Exception {
        var mia = join("Mia");
        mvc.perform(get("/portal/badges").cookie(mia.session()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("No badges yet")));
        mvc.perform(get("/portal/badges")).andExpect(redirectedUrl("/portal/login"));
        mvc.perform(get("/portal/referrals").cookie(mia.session()).param("lang", "de"))
                .andExpect(content().string(containsString("Freunde einladen")));
    }
}
