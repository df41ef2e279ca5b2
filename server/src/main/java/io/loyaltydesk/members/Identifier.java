package io.loyaltydesk.members;

import java.time.Instant;

/** One identifier of a member, normalised (email lower-case, phone E.164). */
public record Identifier(IdentifierKind kind, String value, boolean primary, Instant createdAt) {
}
