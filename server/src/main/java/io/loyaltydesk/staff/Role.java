package io.loyaltydesk.staff;

/** What a staff member may do. A staff account holds one or more roles. */
public enum Role {
    ADMIN, PROGRAM_MANAGER, SUPERVISOR, AGENT, STORE_STAFF, READ_ONLY
}
