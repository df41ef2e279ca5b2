package io.loyaltydesk.members;

/** The kinds of identifier a member can be found by, besides the member number. */
public enum IdentifierKind {
    EMAIL, PHONE, CARD, EXTERNAL_ID
}
