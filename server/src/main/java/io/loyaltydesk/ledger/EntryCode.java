package io.loyaltydesk.ledger;

/**
 * Why a transfer happened. MATURE (pending becomes available), RESERVE/RELEASE (holds for the till) and
 * RECOVER (earnings paying back a debt) move points between a member's own accounts; the others change
 * what the member owns. REFUND gives back points of a redemption that was cancelled after it was confirmed.
 */
public enum EntryCode {
    EARN, MATURE, RESERVE, RELEASE, REDEEM, EXPIRE, ADJUST, REVERSE, TRANSFER, RECOVER, REFUND;

    /** Whether the entry changes what the member owns (and so appears in their history). */
    public boolean changesOwnership() {
        return switch (this) {
            case MATURE, RESERVE, RELEASE, RECOVER -> false;
            default -> true;
        };
    }
}
