package io.loyaltydesk.rewards;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.platform.CommandRefusedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Many redemptions at once: stock is never oversold, a code is used once, failures leave points untouched. */
class RewardConcurrencyTest extends RewardTestSupport {

    @Autowired
    Redemptions redemptions;

    @Autowired
    Vouchers vouchers;

    @Autowired
    JdbcClient jdbc;

    @Test
    void twentyParallelRedemptionsOfFiveInStockLetExactlyFiveThrough() throws Exception {
        long reward = reward("\"stock\": 5, \"costPoints\": 100");
        var members = new ArrayList<Long>();
        for (int i = 0; i < 20; i++) {
            members.add(enrollWith(150));
        }

        var outcomes = inParallel(20, i -> () -> {
            try {
                redemptions.redeem(members.get(i), reward, 1, null);
                return "redeemed";
            } catch (CommandRefusedException e) {
                return e.type();
            }
        });

        assertThat(outcomes).filteredOn("redeemed"::equals).hasSize(5);
        assertThat(outcomes).filteredOn("out-of-stock"::equals).hasSize(15);
        assertThat(redemptionsOf(reward)).isEqualTo(5);
        assertThat(jdbc.sql("select stock_left from rewards where id = :id").param("id", reward)
                .query(Integer.class).single()).isZero();
        var balances = members.stream().map(this::available).toList();
        assertThat(balances).filteredOn(b -> b == 50).as("winners paid 100").hasSize(5);
        assertThat(balances).filteredOn(b -> b == 150).as("points of the failures untouched").hasSize(15);
        assertThat(members.stream().mapToLong(m -> ledger.balance(m).reserved()).sum()).isZero();
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    @Test
    void parallelRedemptionsFromAPoolNeverShareACode() throws Exception {
        long reward = reward("\"codeSource\": \"POOL\", \"costPoints\": 10");
        var csv = new StringBuilder();
        var prefix = "C" + unique();
        for (int i = 0; i < 8; i++) {
            csv.append(prefix).append('-').append(i).append('\n');
        }
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .post("/api/v1/rewards/{id}/codes", reward).with(apiKey()).contentType("text/csv")
                        .content(csv.toString()))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isOk());
        long member = enrollWith(1000);

        var outcomes = inParallel(12, i -> () -> {
            try {
                return redemptions.redeem(member, reward, 1, null).codes().getFirst();
            } catch (CommandRefusedException e) {
                return e.type();
            }
        });

        var codes = outcomes.stream().filter(o -> o.startsWith(prefix)).toList();
        assertThat(codes).hasSize(8).doesNotHaveDuplicates();
        assertThat(outcomes).filteredOn("out-of-codes"::equals).hasSize(4);
        assertThat(available(member)).isEqualTo(1000 - 80);
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    @Test
    void tenParallelRedemptionsOfOneVoucherCodeLetExactlyOneThrough() throws Exception {
        long member = enrollWith(100);
        long reward = reward("\"costPoints\": 100");
        var code = redemptions.redeem(member, reward, 1, null).codes().getFirst();

        var outcomes = inParallel(10, i -> () -> {
            try {
                return vouchers.redeem(code, null, null).status();
            } catch (CommandRefusedException e) {
                return e.type();
            }
        });

        assertThat(outcomes).filteredOn("USED"::equals).hasSize(1);
        assertThat(outcomes).filteredOn("voucher-used"::equals).hasSize(9);
        assertThat(jdbc.sql("select uses from voucher_codes where code = :code").param("code", code)
                .query(Integer.class).single()).isEqualTo(1);
    }

    private long redemptionsOf(long reward) {
        return jdbc.sql("select count(*) from redemptions where reward_id = :id").param("id", reward)
                .query(Long.class).single();
    }

    private static List<String> inParallel(int n, IntFunction<Callable<String>> work) throws Exception {
        var pool = Executors.newFixedThreadPool(n);
        var start = new CountDownLatch(1);
        try {
            var futures = new ArrayList<java.util.concurrent.Future<String>>();
            for (int i = 0; i < n; i++) {
                var task = work.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            var results = new ArrayList<String>();
            for (var future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
