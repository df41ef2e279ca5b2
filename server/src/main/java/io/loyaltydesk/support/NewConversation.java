package io.loyaltydesk.support;

/** A conversation as it arrives: who it is from (email and/or phone), over which channel, and the first message. */
public record NewConversation(Conversation.Channel channel, String subject, String email, String phone,
        String message) {
}
