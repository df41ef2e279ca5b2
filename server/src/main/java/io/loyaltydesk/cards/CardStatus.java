package io.loyaltydesk.cards;

/** Where a card is in its life: usable at the till, blocked, or blocked and replaced by another card. */
public enum CardStatus {
    ACTIVE, BLOCKED, REPLACED
}
