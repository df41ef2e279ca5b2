package io.loyaltydesk.support.internal;

import io.loyaltydesk.support.ConversationOpened;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What happens as a conversation opens, in this order and in its transaction: routing (team, priority, agent), then
 * the SLA timers for the priority routing left, then metrics and the search document.
 */
@Component
class OpenedConversations {

    private final Router router;
    private final SlaTimers sla;
    private final ConversationMetrics metrics;
    private final ConversationSearchIndex search;

    OpenedConversations(Router router, SlaTimers sla, ConversationMetrics metrics, ConversationSearchIndex search) {
        this.router = router;
        this.sla = sla;
        this.metrics = metrics;
        this.search = search;
    }

    @EventListener
    void on(ConversationOpened opened) {
        var conversation = opened.conversation();
        metrics.start(conversation);
        search.opened(conversation);
        router.route(conversation.id());
        sla.start(conversation.id());
    }
}
