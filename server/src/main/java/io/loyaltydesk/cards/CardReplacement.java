package io.loyaltydesk.cards;

/** The answer to a replacement: the old card (now REPLACED) and the card issued in its place. */
public record CardReplacement(Card replaced, Card issued) {
}
