package io.loyaltydesk.rules;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * Past purchases for simulations, provided by the module that stores purchases. The rules module
 * declares it so that purchases can depend on rules and not the other way round.
 */
public interface PastPurchases {

    /** A stored purchase with the facts of its member as they were then, and the points it earned. */
    record PastPurchase(Basket basket, MemberFacts member, long pointsEarned) {
    }

    /** Calls {@code each} for every purchase assigned to a member with occurredAt in [from, to), oldest first. */
    void forEachBetween(Instant from, Instant to, Consumer<PastPurchase> each);
}
