package io.loyaltydesk.support.internal;

/**
 * What one node tells all nodes (through PostgreSQL NOTIFY) so that each pushes it to its own SSE streams. Carries
 * ids only (a NOTIFY payload is limited to 8000 bytes, and message texts stay out of the database's notification
 * queue); each node reads the message once, whatever number of streams it serves.
 *
 * <p>Desk events (OPENED, CHANGED, MESSAGE) also say where the conversation is and was (team, assignee, status,
 * whether an SLA target has passed), so each agent's stream gets only what touches the queue they look at
 * ({@link DeskScope}); for OPENED and MESSAGE the previous values are the current ones. Null {@code status} means
 * a sender that did not say (an older node): every desk gets it; so every field added here must be a reference type
 * (Jackson refuses a missing primitive).
 *
 * @param chat whether the conversation is a live chat, i.e. whether a member's or visitor's stream may see it
 * @param side for TYPING and READ: who typed or read, MEMBER (member or visitor) or AGENT
 */
record LiveEvent(Type type, long conversationId, Long memberId, Long messageId, String kind, boolean chat,
        String side, String name, Long teamId, Long previousTeamId, String assignee, String previousAssignee,
        String status, String previousStatus, Boolean breached) {

    enum Type { OPENED, CHANGED, MESSAGE, TYPING, READ }

    static final String MEMBER = "MEMBER";
    static final String AGENT = "AGENT";

    /** Whether an SLA target of the conversation had passed when this was sent. */
    boolean isBreached() {
        return Boolean.TRUE.equals(breached);
    }

    /** An event that says nothing about where the conversation is (typing, read marks). */
    LiveEvent(Type type, long conversationId, Long memberId, Long messageId, String kind, boolean chat, String side,
            String name) {
        this(type, conversationId, memberId, messageId, kind, chat, side, name, null, null, null, null, null, null,
                null);
    }
}
