package io.loyaltydesk.rewards.internal;

import io.loyaltydesk.purchases.PurchaseFollowUp;
import io.loyaltydesk.purchases.PurchaseRecorded;
import io.loyaltydesk.rewards.Coupons;
import io.loyaltydesk.staff.Actor;
import org.springframework.stereotype.Component;

/**
 * A follow-up of each recorded purchase (after it committed, retried from the outbox): an activated multiplier
 * coupon of the member multiplies its points.
 */
@Component
class MultiplierCoupons implements PurchaseFollowUp {

    private final Coupons coupons;

    MultiplierCoupons(Coupons coupons) {
        this.coupons = coupons;
    }

    @Override
    public void purchaseRecorded(PurchaseRecorded purchase) {
        Actor.callAs(Actor.system("coupons"), () -> coupons.applyMultiplier(purchase.memberId(),
                purchase.purchaseId(), purchase.occurredAt(), purchase.pointsEarned()));
    }
}
