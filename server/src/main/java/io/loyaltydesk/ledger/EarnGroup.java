package io.loyaltydesk.ledger;

import java.util.List;

/**
 * What one source (a purchase, say) earns one member: its requests, possibly none. A group of a batch answers with
 * the member's balances right after it.
 */
public record EarnGroup(long memberId, List<EarnRequest> requests) {

    public EarnGroup {
        requests = List.copyOf(requests);
        for (var request : requests) {
            if (request.memberId() != memberId) {
                throw new IllegalArgumentException("one member per group");
            }
        }
    }
}
