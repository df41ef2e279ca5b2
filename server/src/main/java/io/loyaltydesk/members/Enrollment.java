package io.loyaltydesk.members;

import java.time.LocalDate;
import java.util.Map;

/**
 * What is needed to enroll a member. At least one of email, phone, card number or external id.
 *
 * @param consents channels the member agreed to (absent channels are "not granted")
 * @param source where the enrollment came from: console, api, import, portal, store, demo
 */
public record Enrollment(String firstName, String lastName, String email, String phone, LocalDate birthDate,
        String locale, String externalId, String cardNumber, String homeStoreCode, Map<Channel, Boolean> consents,
        String source) {
}
