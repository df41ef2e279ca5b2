package io.loyaltydesk.support.internal;

/** The desk's inbox views. */
public enum InboxView {
    /** Assigned to the agent asking. */
    MINE,
    /** Nobody has taken them yet. */
    UNASSIGNED,
    ALL,
    /** Routed to one team. */
    TEAM,
    /** An SLA target has passed unmet. */
    BREACHED
}
