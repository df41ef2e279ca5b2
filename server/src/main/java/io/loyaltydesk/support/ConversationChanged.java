package io.loyaltydesk.support;

/** Status, priority, assignee, team or linked member changed. Published in the transaction that changed it. */
public record ConversationChanged(Conversation before, Conversation after) {
}
