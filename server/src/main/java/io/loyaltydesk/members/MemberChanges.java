package io.loyaltydesk.members;

import java.util.Map;

/**
 * A partial update in the manner of JSON merge patch: only the fields present in {@code fields} change,
 * and a present null clears the field. Known fields: firstName, lastName, email, phone, birthDate,
 * locale, homeStoreCode, externalId, status, consents (an object of channel -> boolean).
 */
public record MemberChanges(Map<String, Object> fields, String reason, String source) {
}
