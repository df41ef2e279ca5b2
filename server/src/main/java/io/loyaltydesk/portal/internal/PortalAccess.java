package io.loyaltydesk.portal.internal;

/** The access rules of the portal's handlers, declared with {@code @PreAuthorize} like every other endpoint. */
final class PortalAccess {

    private PortalAccess() {
    }

    static final String MEMBER = "hasRole('MEMBER')";
    /** Login, join, the brand and the app manifest: needed before anyone has logged in. */
    static final String PUBLIC = "permitAll()";
}
