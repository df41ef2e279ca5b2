package io.loyaltydesk.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.ledger.EntryCode;
import io.loyaltydesk.purchases.PurchaseRecorded;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.support.TransactionTemplate;

class CouponApiTest extends RewardTestSupport {

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aPointsCouponGrantsItsPointsOncePerMemberAndStopsAtItsCap() throws Exception {
        var code = "WELCOME" + unique();
        coupon("{\"code\": \"%s\", \"name\": \"Welcome\", \"kind\": \"POINTS\", \"points\": 50, \"usesMax\": 2}"
                .formatted(code)).andExpect(status().isCreated());
        coupon("{\"code\": \"%s\", \"name\": \"Again\", \"kind\": \"POINTS\", \"points\": 5}".formatted(code))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("code"));
        long first = enrollWith(0);
        long second = enrollWith(0);
        long third = enrollWith(0);

        use(first, code.toLowerCase()).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("GRANTED"));
        use(first, code).andExpect(status().isConflict()).andExpect(jsonPath("$.type").value("/problems/coupon-used"));
        use(second, code).andExpect(status().isOk());
        use(third, code).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/coupon-exhausted"));

        assertThat(available(first)).isEqualTo(50);
        assertThat(available(second)).isEqualTo(50);
        assertThat(available(third)).isZero();
        assertThat(ledger.history(first, null, 10, false).items()).anySatisfy(e -> {
            assertThat(e.code()).isEqualTo(EntryCode.EARN);
            assertThat(e.explanation()).contains("Welcome");
        });
    }

    @Test
    void aMultiplierCouponMultipliesTheNextPurchaseOnce() throws Exception {
        var code = "DOUBLE" + unique();
        coupon("{\"code\": \"%s\", \"name\": \"Double week\", \"kind\": \"MULTIPLIER\", \"factor\": 2.5}"
                .formatted(code)).andExpect(status().isCreated());
        coupon("{\"code\": \"X%s\", \"name\": \"Bad\", \"kind\": \"MULTIPLIER\", \"factor\": 1}".formatted(code))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("factor"));
        long member = enrollWith(0);
        use(member, code).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("ACTIVATED"));
        assertThat(available(member)).isZero();

        var purchasedAt = clock.instant().plusSeconds(1);
        long purchaseId = 9_000_000_000L + unique();
        for (int i = 0; i < 2; i++) {
            // the event, as the purchases module publishes it; a second delivery changes nothing
            transactions.executeWithoutResult(tx -> events.publishEvent(new PurchaseRecorded(purchaseId, member,
                    purchasedAt, new BigDecimal("20.00"), "EUR", null, 40)));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (owned(member) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(300);
        // like the purchase's own points, the extra points wait out the return window
        assertThat(owned(member)).as("40 x (2.5 - 1) extra").isEqualTo(60);
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .get("/api/v1/members/{id}/coupons", member).with(apiKey()))
                .andExpect(jsonPath("$[0].status").value("USED"))
                .andExpect(jsonPath("$[0].points").value(60))
                .andExpect(jsonPath("$[0].purchaseId").value(purchaseId));
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    @Test
    void unknownCouponsAre404() throws Exception {
        use(enrollWith(0), "NOSUCHCOUPON").andExpect(status().isNotFound());
    }

    private long owned(long member) {
        var balance = ledger.balance(member);
        return balance.available() + balance.pending();
    }

    private ResultActions coupon(String json) throws Exception {
        return mvc.perform(post("/api/v1/coupons").with(apiKey()).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private ResultActions use(long member, String code) throws Exception {
        return mvc.perform(post("/api/v1/members/{id}/coupons", member).with(apiKey())
                .contentType(MediaType.APPLICATION_JSON).content("{\"code\": \"%s\"}".formatted(code)));
    }
}
