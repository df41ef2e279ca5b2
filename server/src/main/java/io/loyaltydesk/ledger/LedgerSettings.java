package io.loyaltydesk.ledger;

import java.math.BigDecimal;

/**
 * The program's ledger settings.
 *
 * @param pendingDays days earned points stay pending (the return window); 0 = available at once
 * @param pointValueMinor what one point is worth in minor units of {@code currency} (for liability and checkout)
 * @param allowNegativeBalance how a member sees points a return took back after they were spent: as a negative
 *        balance (true) or as a separate debt with the balance at zero (false). Either way the ledger books the
 *        shortfall on the member's DEBT account and recovers it from the next points earned.
 * @param adjustmentApprovalLimit adjustments larger than this (in points, either sign) need a second person
 */
public record LedgerSettings(int pendingDays, ExpiryPolicy expiryPolicy, int expiryMonths,
        BigDecimal pointValueMinor, String currency, boolean allowNegativeBalance, boolean memberTransfersEnabled,
        long adjustmentApprovalLimit, int reservationTimeoutMinutes) {
}
