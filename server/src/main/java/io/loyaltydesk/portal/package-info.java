/**
 * The member portal: members join, log in (their own security chain, separate from staff), and see their
 * balance, pending and expiring points, tier progress, digital card (QR code and barcode) and points history
 * with the purchase behind each entry, in the business's brand (program name, accent colour and logo, edited
 * in the console). Members chat live with the support desk (through the support module's
 * {@link io.loyaltydesk.support.MemberChat}). Members manage their account: email verification (which grants the welcome points, a
 * setting of the portal), forgotten password, a new email (confirmed by link) or phone (confirmed by SMS code),
 * communication preferences, language, the notifications inbox, and deleting the account (immediate erasure).
 * Members redeem rewards (the catalog as {@link io.loyaltydesk.rewards.RewardCatalog#visibleTo} lets them see
 * it; one redemption per confirmation form) and see their codes; they write to support, read the replies to
 * their tickets and claim missing points (through {@link io.loyaltydesk.support.MemberConversations} and
 * {@link io.loyaltydesk.support.MissingPointsClaims}); people without a login use a public contact form.
 * Owns the tables {@code member_logins}, {@code member_login_tokens}, {@code portal_branding} and
 * {@code portal_redeem_requests}; publishes {@link io.loyaltydesk.portal.MemberPrincipal} (who is logged in),
 * {@link io.loyaltydesk.portal.PortalBranding}, {@link io.loyaltydesk.portal.PortalLogins} and
 * {@link io.loyaltydesk.portal.FreshLogin}, the annotation that asks for the password again before sensitive
 * portal handlers. Sends its links and codes through messaging and gives messaging the program name
 * ({@code MessageBranding}); listens to {@code MemberErased}.
 */
package io.loyaltydesk.portal;
