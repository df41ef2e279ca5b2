package io.loyaltydesk.members;

/** ACTIVE members earn and spend; BLOCKED ones are frozen by staff; CLOSED ones left (or were erased); MERGED ones live on in another member. */
public enum MemberStatus {
    ACTIVE, BLOCKED, CLOSED, MERGED
}
