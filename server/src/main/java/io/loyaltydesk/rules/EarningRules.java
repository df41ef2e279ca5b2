package io.loyaltydesk.rules;

/**
 * Evaluates the active rules on a purchase, in memory on compiled rules; no side effects. The purchases
 * module calls it to record a purchase and to quote a checkout.
 */
public interface EarningRules {

    Evaluation evaluate(Basket basket, MemberFacts member);

    /**
     * Which of the member's facts that cost a query the active rules read. A caller may leave out what no rule
     * reads (a null tier, 0 purchases before, no usage): the evaluation comes out the same.
     */
    default Needs needs() {
        return Needs.ALL;
    }

    /**
     * @param tier some rule reads {@code member.tier}
     * @param purchasesBefore some rule is a first-purchase or Nth-visit rule or reads {@code member.purchasesBefore}
     * @param usage some rule has a daily, monthly or lifetime cap
     */
    record Needs(boolean tier, boolean purchasesBefore, boolean usage) {

        public static final Needs ALL = new Needs(true, true, true);
    }
}
