package io.loyaltydesk.support.internal;

import io.loyaltydesk.members.MemberErased;
import io.loyaltydesk.support.Conversations;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** When a member's personal data is erased, so is what their conversations hold about them. */
@Component
class ConversationErasures {

    private final Conversations conversations;

    ConversationErasures(Conversations conversations) {
        this.conversations = conversations;
    }

    @ApplicationModuleListener
    void on(MemberErased erased) {
        conversations.erase(erased.memberId().value());
    }
}
