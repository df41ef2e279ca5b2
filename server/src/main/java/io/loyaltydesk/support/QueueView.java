package io.loyaltydesk.support;

/** The agent's views of the queue. */
public enum QueueView {
    /** Assigned to the agent asking. */
    MINE,
    /** Nobody has taken them yet. */
    UNASSIGNED,
    ALL
}
