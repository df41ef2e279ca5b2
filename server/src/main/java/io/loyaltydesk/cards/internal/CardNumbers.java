package io.loyaltydesk.cards.internal;

import io.loyaltydesk.platform.CheckDigits;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;
import org.springframework.stereotype.Component;

/**
 * Card numbers in the program's format: prefix, random digits, Luhn check digit. Random rather than counted, so
 * that nobody can guess the next member's card from their own.
 */
@Component
public class CardNumbers {

    private final CardsProperties properties;
    private final RandomGenerator random;

    CardNumbers(CardsProperties properties) {
        this.properties = properties;
        this.random = new SecureRandom();
    }

    /** A new number; whether it is free is for the caller to check. */
    public String next() {
        var body = new StringBuilder(properties.numberDigits());
        body.append(1 + random.nextInt(9));
        while (body.length() < properties.numberDigits() - 1) {
            body.append(random.nextInt(10));
        }
        return properties.numberPrefix() + body + CheckDigits.luhnDigit(body.toString());
    }

    /**
     * Whether a typed number claims to be in the program's format (the prefix and the right count of digits) but
     * fails the check digit: a typo to refuse rather than a card to issue. Numbers in other formats (cards printed
     * for an earlier program) pass.
     */
    public boolean mistyped(String number) {
        var prefix = properties.numberPrefix();
        if (!number.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return false;
        }
        var digits = number.substring(prefix.length());
        return digits.length() == properties.numberDigits() && digits.chars().allMatch(Character::isDigit)
                && !CheckDigits.luhnValid(digits);
    }
}
