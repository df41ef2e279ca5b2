package io.loyaltydesk.support.internal;

import io.loyaltydesk.members.MembersMerged;
import io.loyaltydesk.support.Conversations;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** When members are merged, their conversations follow (after the merge committed; retried if it fails). */
@Component
class ConversationMerges {

    private final Conversations conversations;

    ConversationMerges(Conversations conversations) {
        this.conversations = conversations;
    }

    @ApplicationModuleListener
    void on(MembersMerged merged) {
        conversations.moveMember(merged.duplicate().value(), merged.survivor().value());
    }
}
