package io.loyaltydesk.support.internal;

/**
 * What one node tells all nodes (through PostgreSQL NOTIFY) so that each pushes it to its own SSE streams. Carries
 * ids only (a NOTIFY payload is limited to 8000 bytes, and message texts stay out of the database's notification
 * queue); each node reads the message once, whatever number of streams it serves.
 *
 * @param chat whether the conversation is a live chat, i.e. whether a member's or visitor's stream may see it
 * @param side for TYPING and READ: who typed or read, MEMBER (member or visitor) or AGENT
 */
record LiveEvent(Type type, long conversationId, Long memberId, Long messageId, String kind, boolean chat,
        String side, String name) {

    enum Type { OPENED, CHANGED, MESSAGE, TYPING, READ }

    static final String MEMBER = "MEMBER";
    static final String AGENT = "AGENT";
}
