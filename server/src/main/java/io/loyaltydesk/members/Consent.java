package io.loyaltydesk.members;

import java.time.Instant;

/** Whether a member agreed to be contacted on a channel, when and through what. */
public record Consent(Channel channel, boolean granted, String source, Instant changedAt) {
}
