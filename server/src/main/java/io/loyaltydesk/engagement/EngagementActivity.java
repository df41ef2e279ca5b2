package io.loyaltydesk.engagement;

import io.loyaltydesk.members.MembersMerged;
import io.loyaltydesk.purchases.PurchaseFollowUp;
import io.loyaltydesk.purchases.PurchaseRecorded;
import io.loyaltydesk.purchases.PurchaseReturned;
import java.util.List;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Purchases and returns feed referrals and challenges after they commit (retried from the outbox when this fails);
 * a merge moves a duplicate's engagement to the survivor. Each step is idempotent on its own, so a redelivered
 * event changes nothing.
 */
@Component
class EngagementActivity implements PurchaseFollowUp {

    private final Referrals referrals;
    private final Challenges challenges;

    EngagementActivity(Referrals referrals, Challenges challenges) {
        this.referrals = referrals;
        this.challenges = challenges;
    }

    @Override
    public void purchaseRecorded(PurchaseRecorded purchase) {
        challenges.purchaseRecorded(purchase);
        referrals.purchaseRecorded(purchase);
    }

    @Override
    public void purchasesRecorded(List<PurchaseRecorded> purchases) {
        challenges.purchasesRecorded(purchases);
        referrals.purchasesRecorded(purchases);
    }

    @ApplicationModuleListener
    void on(PurchaseReturned returned) {
        challenges.purchaseReturned(returned);
    }

    @ApplicationModuleListener
    void on(MembersMerged merged) {
        challenges.membersMerged(merged.survivor().value(), merged.duplicate().value());
        referrals.membersMerged(merged.survivor().value(), merged.duplicate().value());
    }
}
