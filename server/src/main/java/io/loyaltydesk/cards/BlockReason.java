package io.loyaltydesk.cards;

import io.loyaltydesk.platform.CommandRefusedException;
import java.util.Locale;

/** Why a card was blocked. */
public enum BlockReason {
    LOST, STOLEN, DAMAGED;

    /**
     * A reason as typed or sent (any case); an absent one stays null (replacing a blocked card needs none), a wrong
     * one is refused on the field {@code reason}.
     */
    public static BlockReason parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandRefusedException.InvalidInput("reason", "must be one of LOST, STOLEN, DAMAGED");
        }
    }
}
