package io.loyaltydesk.ledger;

import java.time.Instant;
import java.util.List;

/**
 * Proof that the books balance: every account's stored balance equals its credits minus its debits, all
 * balances sum to zero per asset, no member's available balance is negative (unless the program allows it),
 * and each member's pending and available balances equal what their lots hold.
 */
public record Reconciliation(Instant checkedAt, boolean balanced, long accountsChecked, long transfersChecked,
        List<String> problems) {
}
