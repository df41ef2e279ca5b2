package io.loyaltydesk.ledger;

/** A member's four balances, as the program shows them (see {@link LedgerSettings#allowNegativeBalance()}). */
public record Holdings(long available, long pending, long reserved, long debt) {
}
