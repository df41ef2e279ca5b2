package io.loyaltydesk.support;

import java.util.List;

/** A group of agents (staff usernames) that conversations are routed to. */
public record Team(long id, String name, String supervisor, Assignment assignment, List<String> members) {

    /** How the router picks an agent of the team for a new conversation. */
    public enum Assignment {
        /** Nobody is picked; agents take conversations from the team's view. */
        MANUAL,
        /** The available agent with room who got one longest ago. */
        ROUND_ROBIN,
        /** The available agent with the most room left (lowest open/capacity). */
        CAPACITY
    }
}
