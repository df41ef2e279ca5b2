package io.loyaltydesk.portal.internal;

import io.loyaltydesk.rewards.Redemption;
import io.loyaltydesk.rewards.Redemptions;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes the portal's redeem form safe to submit twice. The confirmation page puts a fresh one-time key in the form;
 * the first submit takes the key and redeems in one transaction, and any later submit of that form (a double click,
 * a reload, back and submit again) finds the key taken and gets the first redemption back. Two submits at the same
 * moment queue on the key's primary key: the second sees the first's row once it commits, or takes the key itself
 * when the first was refused (and rolled back).
 */
@Component
class RedeemRequests {

    private final JdbcClient jdbc;
    private final Redemptions redemptions;
    private final Clock clock;

    RedeemRequests(JdbcClient jdbc, Redemptions redemptions, Clock clock) {
        this.jdbc = jdbc;
        this.redemptions = redemptions;
        this.clock = clock;
    }

    /** The redemption of this form: the one made by an earlier submit of it, else a new one. */
    @Transactional
    Redemption redeem(long memberId, long rewardId, UUID key, String shippingAddress) {
        // the key is taken first: a parallel submit of the same form waits here until this one commits or fails
        int taken = jdbc.sql("""
                insert into portal_redeem_requests (member_id, request_key, reward_id, created_at)
                values (:member, :key, :reward, :now)
                on conflict do nothing
                """)
                .param("member", memberId).param("key", key).param("reward", rewardId)
                .param("now", Timestamp.from(clock.instant())).update();
        if (taken == 0) {
            return redemptions.get(earlier(memberId, key));
        }
        var redemption = redemptions.redeem(memberId, rewardId, 1, shippingAddress);
        jdbc.sql("update portal_redeem_requests set redemption_id = :redemption where member_id = :member and request_key = :key")
                .param("redemption", redemption.id()).param("member", memberId).param("key", key).update();
        return redemption;
    }

    /** The redemption an earlier submit of the form made, or null. */
    @Transactional(readOnly = true)
    Long earlier(long memberId, UUID key) {
        return jdbc.sql("select redemption_id from portal_redeem_requests where member_id = :member and request_key = :key")
                .param("member", memberId).param("key", key).query(Long.class).optional().orElse(null);
    }
}
