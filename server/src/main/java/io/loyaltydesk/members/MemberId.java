package io.loyaltydesk.members;

/** The internal identity of a member; stable across merges of other members into it. */
public record MemberId(long value) {

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
