/**
 * Demo data for trying Loyalty Desk out: "Morgenrot Coffee &amp; Bakery", a small chain with five stores in
 * three regions, one staff account per role (passwords in {@link io.loyaltydesk.demo.internal.DemoSeed},
 * logged once when created) and {@code loyaltydesk.demo.members} members (300 by default) with believable
 * names, contacts, consents and enrollment dates over the last two years. It runs only when the server starts
 * with {@code --demo} ({@code loyaltydesk.demo.enabled=true}), after the bootstrap credentials, seeds once
 * and skips on later starts. Then a year of business ({@link io.loyaltydesk.demo.internal.DemoActivity}): the
 * earning rules (one paused), the ledger settings (14-day return window, expiry 12 months after earn), about
 * fourteen months of purchases at the tills (source {@code demo-pos}; a few returned, a few unassigned),
 * redemptions at the till and staff adjustments, so that balances, pending and expired points are real; it has
 * its own marker, so an older demo database gets it on its next start. Around the purchases
 * ({@link io.loyaltydesk.demo.internal.DemoProgram}): before them four tiers (Bronze, Silver, Gold, Platinum on
 * the points of the last 12 months, 30 days of grace) and the 1.5x rule for Gold and Platinum, so that members
 * move up as their purchases come in; after them a catalog of 20 rewards with drawn pictures (an imported code
 * pool running low, one reward sold out, one nearly), redemptions in every state and the coupons WELCOME25 and
 * DOUBLEUP; each step with its own marker. Everything goes through the other modules' APIs, audited with the
 * actor {@code demo}. Later modules extend it with their own demo data
 * (tickets). Publishes nothing.
 */
package io.loyaltydesk.demo;
