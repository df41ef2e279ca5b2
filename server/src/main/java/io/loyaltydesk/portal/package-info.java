/**
 * The member portal: members join, log in (their own security chain, separate from staff), and see their
 * balance, pending and expiring points, tier progress, digital card (QR code and barcode) and points history
 * with the purchase behind each entry, and chat live with the support desk (through the support module's
 * {@link io.loyaltydesk.support.MemberChat}), in the business's brand (program name, accent colour and logo, edited
 * in the console). Owns the tables {@code member_logins} and {@code portal_branding}; publishes
 * {@link io.loyaltydesk.portal.MemberPrincipal} (who is logged in) and {@link io.loyaltydesk.portal.PortalBranding}.
 */
package io.loyaltydesk.portal;
