package io.loyaltydesk.members;

/** A channel a member can consent to be contacted on. */
public enum Channel {
    EMAIL, SMS, PUSH
}
