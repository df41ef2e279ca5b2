package io.loyaltydesk.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.ledger.HistoryEntry;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.purchases.PurchaseRecorded;
import io.loyaltydesk.staff.Scope;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class ReferralTest extends EngagementTestSupport {

    @Test
    void aQualifyingPurchaseRewardsBothSidesOnceWithExplanations() throws Exception {
        long ben = enroll("Ben");
        var code = referrals.codeOf(ben);
        assertThat(code).matches("[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{7}");
        assertThat(referrals.codeOf(ben)).as("the code stays the member's").isEqualTo(code);
        long anna = enroll("Anna");
        mvc.perform(post("/api/v1/members/{id}/referral", anna).with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"code\": \"%s\"}".formatted(code.toLowerCase().substring(0, 3) + "-" + code.substring(3))))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.status").value("JOINED"));

        buy(anna, "9.99", "COFFEE");
        assertThat(referrals.find(anna).orElseThrow().status()).as("below the minimum").isEqualTo(Referral.Status.JOINED);
        assertThat(pointsFrom(ben, Referrals.SOURCE_TYPE)).isZero();

        buy(anna, "12.00", "COFFEE");
        buy(anna, "30.00", "COFFEE");

        assertThat(pointsFrom(ben, Referrals.SOURCE_TYPE)).isEqualTo(100);
        assertThat(pointsFrom(anna, Referrals.SOURCE_TYPE)).isEqualTo(50);
        assertThat(earnings(ben, Referrals.SOURCE_TYPE)).extracting(HistoryEntry::explanation)
                .containsExactly("Referral: Anna joined with your code");
        assertThat(earnings(anna, Referrals.SOURCE_TYPE)).extracting(HistoryEntry::explanation)
                .containsExactly("Referral: welcome bonus for joining with Ben's code");

        mvc.perform(get("/api/v1/members/{id}/referrals", ben).with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.joined").value(1))
                .andExpect(jsonPath("$.qualified").value(1))
                .andExpect(jsonPath("$.pointsEarned").value(100))
                .andExpect(jsonPath("$.referrals[0].firstName").value("Anna"))
                .andExpect(jsonPath("$.referrals[0].status").value("QUALIFIED"));
        mvc.perform(get("/api/v1/members/{id}/referrals", anna).with(apiKey()))
                .andExpect(jsonPath("$.referredBy.referrerMemberId").value(ben));
    }

    @Test
    void replayedAndConcurrentPurchasesQualifyTheReferralOnce() throws Exception {
        long ben = enroll("Ben");
        long anna = enroll("Anna");
        referrals.join(anna, referrals.codeOf(ben));
        var at = clock.instant();
        // the outbox may deliver one purchase again, and two purchases may be processed at the same moment
        var events = new ArrayList<PurchaseRecorded>();
        for (int i = 0; i < 8; i++) {
            events.add(new PurchaseRecorded(900_000_000L + unique(), anna, at, new BigDecimal("25.00"), "EUR", store, 25));
            events.add(events.getLast());
        }
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(8)) {
            var done = new ArrayList<java.util.concurrent.Future<?>>();
            for (var event : events) {
                done.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    referrals.purchaseRecorded(event);
                    return null;
                }));
            }
            start.countDown();
            for (var f : done) {
                f.get();
            }
        }
        assertThat(earnings(ben, Referrals.SOURCE_TYPE)).hasSize(1);
        assertThat(earnings(anna, Referrals.SOURCE_TYPE)).hasSize(1);
        assertThat(pointsFrom(ben, Referrals.SOURCE_TYPE)).isEqualTo(100);
        var referral = referrals.find(anna).orElseThrow();
        assertThat(referral.status()).isEqualTo(Referral.Status.QUALIFIED);
        assertThat(events).extracting(PurchaseRecorded::purchaseId).contains(referral.purchaseId());
    }

    @Test
    void selfReferralsAndSharedEmailsOrPhonesAreRefused() throws Exception {
        var email = "ben" + unique() + "@example.test";
        long ben = enroll("Ben", email, null);
        var code = referrals.codeOf(ben);

        mvc.perform(post("/api/v1/members/{id}/referral", ben).with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"code\": \"%s\"}".formatted(code)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("referralCode"))
                .andExpect(jsonPath("$.errors[0].message").value("is the member's own code"));

        // Ben's own mailbox under a +tag is Ben
        long samePerson = enroll("Benjamin", email.replace("@", "+again@").toUpperCase(), null);
        assertThatThrownBy(() -> referrals.join(samePerson, code))
                .isInstanceOf(CommandRefusedException.InvalidInput.class)
                .hasMessageContaining("referralCode");
        assertThat(referrals.refusal(code, email.replace("@", "+x@"), null)).contains(Referrals.Refusal.SAME_PERSON);

        mvc.perform(post("/api/v1/members/{id}/referral", enroll("Cleo")).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"code\": \"ZZZZZZZ\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value("no member has this referral code"));

        long anna = enroll("Anna");
        referrals.join(anna, code);
        mvc.perform(post("/api/v1/members/{id}/referral", anna).with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"code\": \"%s\"}".formatted(referrals.codeOf(enroll("Dora")))))
                .andExpect(status().isConflict());
        assertThat(referrals.find(samePerson)).isEmpty();
        assertThat(referrals.find(ben)).isEmpty();
    }

    @Test
    void theMonthlyCapStopsTheReferrersPointsButNotTheNewMembers() throws Exception {
        referrals.updateSettings(new ReferralSettings(true, 100, 50, new BigDecimal("10.00"), 30, 1), "test");
        long ben = enroll("Ben");
        var code = referrals.codeOf(ben);
        long anna = enroll("Anna");
        long cleo = enroll("Cleo");
        referrals.join(anna, code);
        referrals.join(cleo, code);

        buy(anna, "20.00", "COFFEE");
        buy(cleo, "20.00", "COFFEE");

        assertThat(pointsFrom(ben, Referrals.SOURCE_TYPE)).isEqualTo(100);
        assertThat(pointsFrom(anna, Referrals.SOURCE_TYPE)).isEqualTo(50);
        assertThat(pointsFrom(cleo, Referrals.SOURCE_TYPE)).isEqualTo(50);
        assertThat(referrals.find(cleo).orElseThrow().capped()).isTrue();
        assertThat(referrals.summary(ben).qualified()).isEqualTo(2);
    }

    @Test
    void aPurchaseAfterTheWindowDoesNotQualify() throws Exception {
        long ben = enroll("Ben");
        long anna = enroll("Anna");
        referrals.join(anna, referrals.codeOf(ben));
        clock.advance(Duration.ofDays(31));

        buy(anna, "50.00", "COFFEE");

        assertThat(referrals.find(anna).orElseThrow().status()).isEqualTo(Referral.Status.JOINED);
        assertThat(referrals.find(anna).orElseThrow().expiredAt(clock.instant())).isTrue();
        assertThat(pointsFrom(ben, Referrals.SOURCE_TYPE)).isZero();
    }

    @Test
    void readingReferralsNeedsTheEngagementScope() throws Exception {
        long ben = enroll("Ben");
        var key = createKey(Scope.MEMBERS_READ);
        mvc.perform(get("/api/v1/members/{id}/referrals", ben).with(apiKey(key))).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/members/{id}/badges", ben).with(apiKey(key))).andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/members/{id}/referral", ben).with(apiKey(createKey(Scope.ENGAGEMENT_READ)))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"code\": \"ABCDEFG\"}"))
                .andExpect(status().isForbidden());
    }
}
