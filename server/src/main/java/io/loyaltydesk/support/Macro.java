package io.loyaltydesk.support;

import java.util.List;

/**
 * A canned response: a text with placeholders such as {@code {{member.firstName}}}, and what sending it also does
 * (set the status, add tags).
 */
public record Macro(long id, String name, String body, Conversation.Status setStatus, List<String> addTags) {
}
