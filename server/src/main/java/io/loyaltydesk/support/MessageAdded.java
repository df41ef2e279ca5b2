package io.loyaltydesk.support;

/**
 * A line was added to a conversation's thread: the member's words, an agent's reply, a note or a system line.
 * Published in the transaction that wrote it, right after the line; {@code conversation} is read at that moment
 * (a reply's status change and first-response time follow it).
 */
public record MessageAdded(Conversation conversation, Message message) {
}
