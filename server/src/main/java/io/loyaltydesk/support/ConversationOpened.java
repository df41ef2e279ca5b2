package io.loyaltydesk.support;

/** A new conversation was opened; its first message follows as a {@link MessageAdded}. Published in the transaction. */
public record ConversationOpened(Conversation conversation) {
}
