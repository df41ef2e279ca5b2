package io.loyaltydesk.ledger.internal;

import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.members.MembersMerged;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** When members are merged, their points follow (after the merge committed; retried from the outbox if it fails). */
@Component
class MemberMerges {

    private final PointsLedger ledger;

    MemberMerges(PointsLedger ledger) {
        this.ledger = ledger;
    }

    @ApplicationModuleListener
    void on(MembersMerged merged) {
        ledger.mergeInto(merged.duplicate().value(), merged.survivor().value());
    }
}
