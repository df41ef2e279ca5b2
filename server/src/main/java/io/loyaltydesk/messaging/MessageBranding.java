package io.loyaltydesk.messaging;

/**
 * What messages say the program is called. The portal, which owns the brand, provides it; messaging does not
 * depend on the portal (the portal depends on messaging).
 */
public interface MessageBranding {

    String programName();
}
