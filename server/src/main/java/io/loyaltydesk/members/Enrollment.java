package io.loyaltydesk.members;

import java.time.Instant;
import java.util.Map;

/**
 * What is needed to enroll a member. At least one of email, phone, card number or external id.
 * The birth date is text (YYYY-MM-DD) so that a bad one is reported like every other bad field.
 *
 * @param consents channels the member agreed to (absent channels are "not granted")
 * @param source where the enrollment came from: console, api, import, portal, store, demo
 * @param enrolledAt when the member joined, for members carried over from an earlier program (import, demo);
 *        null means now. A date in the future is refused.
 */
public record Enrollment(String firstName, String lastName, String email, String phone, String birthDate,
        String locale, String externalId, String cardNumber, String homeStoreCode, Map<Channel, Boolean> consents,
        String source, Instant enrolledAt) {
}
