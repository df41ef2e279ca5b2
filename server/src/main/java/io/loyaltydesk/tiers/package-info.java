/**
 * Tiers: tier definitions (code, name, rank, colour, benefits, an earn-multiplier hint), the program's one
 * qualification setting (metric POINTS, SPEND or VISITS over a ROLLING_MONTHS or CALENDAR_YEAR window, with grace
 * days), each member's tier with staff overrides, progress to the next tier, and the review job. It keeps its own
 * copy of tier activity, fed by {@link io.loyaltydesk.purchases.PurchaseRecorded} and
 * {@link io.loyaltydesk.purchases.PurchaseReturned}; it publishes {@link io.loyaltydesk.tiers.TierChanged} and
 * implements {@link io.loyaltydesk.purchases.MemberTiers} so that rules can read {@code member.tier}.
 *
 * <p>The rules, exactly:
 * <ul>
 * <li><b>Upgrade at once</b>: after a purchase commits, the metric in the current window (this calendar year, or
 * the last n months) is counted; if it reaches a higher tier's threshold the member moves up now.
 * <li><b>Period end</b>: a tier comes up for review at its period end. CALENDAR_YEAR: the end of the year the
 * tier was reached (or last re-qualified) in; the review counts that year and the tier it qualifies for holds the
 * next year. ROLLING_MONTHS: the first day on which purchases have aged out of the window far enough that it no
 * longer reaches the tier (checked day by day, by the day a purchase leaves the window).
 * <li><b>Downgrade only at review</b>: at period end plus the grace days the member moves to the tier the period's
 * metric qualifies for, which may be any lower tier; a member who still qualifies keeps the tier for the next
 * period. A purchase in the grace days that reaches the tier again moves the review on.
 * <li><b>Returns</b> count against the date of their purchase and lower the metric; a return never moves a member
 * down at once — the member keeps the tier until the period end and is then reviewed on the lower metric.
 * <li><b>Overrides</b>: staff set a tier with a reason until a date (audited); the earned tier keeps being
 * qualified underneath and applies again when the override ends (the review job ends expired overrides).
 * </ul>
 */
package io.loyaltydesk.tiers;
