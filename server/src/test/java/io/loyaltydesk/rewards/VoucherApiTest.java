package io.loyaltydesk.rewards;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.staff.Scope;
import io.loyaltydesk.staff.Stores;
import io.loyaltydesk.staff.internal.ApiKeys;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

class VoucherApiTest extends RewardTestSupport {

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    Stores stores;

    @Test
    void aVoucherIsValidatedThenRedeemedOnceAndARetryWithTheSameKeyReplays() throws Exception {
        long member = enrollWith(100);
        long reward = reward("\"costPoints\": 100");
        var code = text(redeem(member, reward, 1).andExpect(status().isCreated()), "$.codes[0]");
        long redemption = Long.parseLong(text(validate(code, "{}").andExpect(status().isOk()), "$.redemptionId"));

        validate(code.toLowerCase(), "{}").andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("ISSUED"))
                .andExpect(jsonPath("$.memberId").value(member))
                .andExpect(jsonPath("$.usesLeft").value(1));
        var key = "till-" + unique();
        till(code, "redeem", "{}", key).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("USED"));
        till(code, "redeem", "{}", key).andExpect(status().isOk())
                .andExpect(header().string("Idempotent-Replayed", "true"));
        till(code, "redeem", "{}", null).andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("/problems/voucher-used"));
        validate(code, "{}").andExpect(status().isConflict());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .get("/api/v1/redemptions/{id}", redemption).with(apiKey()))
                .andExpect(jsonPath("$.status").value("USED"));
        mvc.perform(post("/api/v1/redemptions/{id}/cancel", redemption).with(apiKey()))
                .andExpect(status().isUnprocessableContent());
    }

    @Test
    void aVoucherCanAllowSeveralUses() throws Exception {
        long member = enrollWith(100);
        var code = text(redeem(member, reward("\"codeUsesMax\": 2"), 1), "$.codes[0]");
        till(code, "redeem", "{}", null).andExpect(status().isOk()).andExpect(jsonPath("$.usesLeft").value(1))
                .andExpect(jsonPath("$.status").value("ISSUED"));
        till(code, "redeem", "{}", null).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("USED"));
        till(code, "redeem", "{}", null).andExpect(status().isConflict());
    }

    @Test
    void expiredVouchersAndOtherStoresAreRefused() throws Exception {
        var store = stores.add("V" + unique(), "Voucher store", "North", null, true);
        var other = stores.add("W" + unique(), "Other store", "North", null, true);
        long member = enrollWith(300);
        long reward = reward("\"codeValidDays\": 1, \"storeCodes\": [\"" + store.code() + "\"]");
        var code = text(redeem(member, reward, 1), "$.codes[0]");

        validate(code, "{}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/voucher-store"));
        validate(code, "{\"storeId\": \"%s\"}".formatted(other.code())).andExpect(status().isUnprocessableContent());
        validate(code, "{\"storeId\": \"%s\"}".formatted(store.code())).andExpect(status().isOk());

        var now = clock.instant();
        try {
            clock.set(now.plus(Duration.ofDays(2)));
            till(code, "redeem", "{\"storeId\": \"%s\"}".formatted(store.code()), null)
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.type").value("/problems/voucher-expired"));
        } finally {
            clock.set(now);
        }
    }

    @Test
    void wrongCodesAreRateLimitedPerApiKeyAndPerMember() throws Exception {
        var key = apiKeys.create("till-" + unique(), EnumSet.allOf(Scope.class), "test").secret();
        long member = enrollWith(100);
        var good = text(redeem(member, reward(""), 1), "$.codes[0]");
        for (int i = 0; i < 10; i++) {
            mvc.perform(post("/api/v1/vouchers/{code}/validate", "WRONG" + i).with(apiKey(key))
                    .contentType(MediaType.APPLICATION_JSON).content("{}")).andExpect(status().isNotFound());
        }
        mvc.perform(post("/api/v1/vouchers/{code}/validate", "WRONG-X").with(apiKey(key))
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.type").value("/problems/too-many-attempts"))
                .andExpect(header().exists("Retry-After"));
        // a guesser who ran out learns nothing, not even from a right guess
        mvc.perform(post("/api/v1/vouchers/{code}/validate", good).with(apiKey(key))
                .contentType(MediaType.APPLICATION_JSON).content("{}")).andExpect(status().isTooManyRequests());
        // another key is not affected
        validate(good, "{}").andExpect(status().isOk());

        // per member: spread over fresh keys, the member's own bucket still runs out
        long victim = enrollWith(0);
        for (int i = 0; i < 10; i++) {
            var fresh = apiKeys.create("till-" + unique(), EnumSet.allOf(Scope.class), "test").secret();
            mvc.perform(post("/api/v1/vouchers/{code}/validate", "NOPE" + i).with(apiKey(fresh))
                    .contentType(MediaType.APPLICATION_JSON).content("{\"memberId\": %d}".formatted(victim)))
                    .andExpect(status().isNotFound());
        }
        var fresh = apiKeys.create("till-" + unique(), EnumSet.allOf(Scope.class), "test").secret();
        mvc.perform(post("/api/v1/vouchers/{code}/validate", "NOPE-X").with(apiKey(fresh))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"memberId\": %d}".formatted(victim)))
                .andExpect(status().isTooManyRequests());
    }

    private ResultActions validate(String code, String body) throws Exception {
        return till(code, "validate", body, null);
    }

    private ResultActions till(String code, String action, String body, String idempotencyKey) throws Exception {
        var request = post("/api/v1/vouchers/{code}/" + action, code).with(apiKey())
                .contentType(MediaType.APPLICATION_JSON).content(body);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return mvc.perform(request);
    }
}
