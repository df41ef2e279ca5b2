package io.loyaltydesk.tiers;

import io.loyaltydesk.purchases.PurchaseFollowUp;
import io.loyaltydesk.purchases.PurchaseRecorded;
import io.loyaltydesk.purchases.PurchaseReturned;
import java.util.List;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Purchases and returns become tier activity after they commit (retried from the outbox if this fails); a
 * purchase that reaches a higher tier upgrades the member here.
 */
@Component
class PurchaseActivity implements PurchaseFollowUp {

    private final Tiers tiers;

    PurchaseActivity(Tiers tiers) {
        this.tiers = tiers;
    }

    @Override
    public void purchaseRecorded(PurchaseRecorded purchase) {
        tiers.purchaseRecorded(purchase);
    }

    @Override
    public void purchasesRecorded(List<PurchaseRecorded> purchases) {
        tiers.purchasesRecorded(purchases);
    }

    @ApplicationModuleListener
    void on(PurchaseReturned returned) {
        tiers.purchaseReturned(returned);
    }
}
