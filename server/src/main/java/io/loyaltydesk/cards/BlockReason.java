package io.loyaltydesk.cards;

/** Why a card was blocked. */
public enum BlockReason {
    LOST, STOLEN, DAMAGED
}
