package io.loyaltydesk.rules;

/**
 * Evaluates the active rules on a purchase, in memory on compiled rules; no side effects. The purchases
 * module calls it to record a purchase and to quote a checkout.
 */
public interface EarningRules {

    Evaluation evaluate(Basket basket, MemberFacts member);
}
