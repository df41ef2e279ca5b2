package io.loyaltydesk.purchases;

/** A receipt and whether this call created it (false: the same purchase was sent before; this is the first answer). */
public record Recorded<T>(T receipt, boolean created) {
}
