package io.loyaltydesk.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.purchases.PurchaseReturned;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The outbox may deliver a return again (after a restart); tiers must count it once. */
class TierReturnsOnceTest extends TierTestSupport {

    @Test
    void aReturnDeliveredTwiceLowersTheMetricOnce() throws Exception {
        var card = "CARD-" + unique();
        long member = enroll(card);
        var receipt = "R-" + unique();
        long purchaseId = buy(receipt, card, "120.00").path("id").asLong();
        returnAmount(receipt, "RET-" + unique(), "20.00", purchaseId);
        long returnId = jdbc.sql("select id from purchase_returns where purchase_id = :p").param("p", purchaseId)
                .query(Long.class).single();
        var before = progress(member).path("value").decimalValue();

        tiers.purchaseReturned(new PurchaseReturned(returnId, purchaseId, member, new BigDecimal("20.00"), 20));

        assertThat(activityRows(purchaseId, "RETURN")).isEqualTo(1);
        assertThat(progress(member).path("value").decimalValue()).isEqualByComparingTo(before);
    }
}
