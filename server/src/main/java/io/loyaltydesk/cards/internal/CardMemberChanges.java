package io.loyaltydesk.cards.internal;

import io.loyaltydesk.members.MemberErased;
import io.loyaltydesk.members.MembersMerged;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Card history follows the member: to the survivor of a merge (the numbers moved there in the members module),
 * and away with an erasure (the numbers were deleted there too).
 */
@Component
class CardMemberChanges {

    private final CardRecords records;

    CardMemberChanges(CardRecords records) {
        this.records = records;
    }

    @ApplicationModuleListener
    void on(MembersMerged merged) {
        records.moveAll(merged.duplicate(), merged.survivor());
    }

    @ApplicationModuleListener
    void on(MemberErased erased) {
        records.forget(erased.memberId());
    }
}
