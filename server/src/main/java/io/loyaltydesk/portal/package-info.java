/**
 * The member portal: members join, log in (their own security chain, separate from staff), and see their
 * balance, pending and expiring points, tier progress, digital card (QR code and barcode) and points history
 * with the purchase behind each entry, in the business's brand (program name, accent colour and logo, edited
 * in the console). Members redeem rewards (the catalog as {@link io.loyaltydesk.rewards.RewardCatalog#visibleTo}
 * lets them see it; one redemption per confirmation form) and see their codes; they write to support, read the
 * replies to their tickets and claim missing points (through {@link io.loyaltydesk.support.MemberConversations}
 * and {@link io.loyaltydesk.support.MissingPointsClaims}); people without a login use a public contact form.
 * Owns the tables {@code member_logins}, {@code portal_branding} and {@code portal_redeem_requests}; publishes
 * {@link io.loyaltydesk.portal.MemberPrincipal} (who is logged in) and {@link io.loyaltydesk.portal.PortalBranding}.
 */
package io.loyaltydesk.portal;
