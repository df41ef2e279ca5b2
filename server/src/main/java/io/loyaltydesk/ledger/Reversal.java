package io.loyaltydesk.ledger;

/**
 * What a reversal took back: from points still pending, from available points, and what became a debt
 * because the member had already used the points.
 */
public record Reversal(long fromPending, long fromAvailable, long toDebt) {

    public long total() {
        return fromPending + fromAvailable + toDebt;
    }
}
