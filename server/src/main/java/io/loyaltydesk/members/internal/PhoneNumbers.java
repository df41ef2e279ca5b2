package io.loyaltydesk.members.internal;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.Optional;

/** Normalises phone numbers to E.164 with libphonenumber; national numbers are read in the default region. */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /** The E.164 form, or empty when the text is not a valid phone number. */
    public static Optional<String> e164(String text, String defaultRegion) {
        if (text == null || text.isBlank() || text.length() > 40) {
            return Optional.empty();
        }
        try {
            var number = UTIL.parse(text.strip(), defaultRegion);
            return UTIL.isValidNumber(number)
                    ? Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
