package io.loyaltydesk.support;

/**
 * Where a new conversation goes: the first rule (by position) whose conditions all hold sends it to its team and
 * raises its priority to at least {@code priority}. A condition left null holds for every conversation.
 */
public record RoutingRule(long id, int position, Conversation.Channel channel, String tag, String tierCode,
        long teamId, Conversation.Priority priority) {
}
