package io.loyaltydesk.rewards.internal;

import io.loyaltydesk.purchases.PurchaseFollowUp;
import io.loyaltydesk.purchases.PurchaseRecorded;
import io.loyaltydesk.rewards.Coupons;
import io.loyaltydesk.staff.Actor;
import java.util.List;
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

    /**
     * A batch: one query finds the members with an activated coupon waiting (few); only their purchases that
     * earned are looked at, one by one in the batch's order, so a coupon goes to the same purchase as it would
     * with the purchases delivered one at a time.
     */
    @Override
    public void purchasesRecorded(List<PurchaseRecorded> purchases) {
        var earning = purchases.stream().filter(p -> p.pointsEarned() > 0).toList();
        if (earning.isEmpty()) {
            return;
        }
        var waiting = coupons.membersWithActivatedCoupons(earning.stream().map(PurchaseRecorded::memberId).toList());
        earning.stream().filter(p -> waiting.contains(p.memberId())).forEach(this::purchaseRecorded);
    }
}
