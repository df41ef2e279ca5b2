package io.loyaltydesk.ledger;

import java.util.List;

/** What an earn did, request by request, and the member's balances right after it (in the same transaction). */
public record Earning(List<Earned> earned, Holdings holdings) {
}
