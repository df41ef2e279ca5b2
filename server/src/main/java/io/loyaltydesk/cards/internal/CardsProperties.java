package io.loyaltydesk.cards.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The program's card number format for the cards this program issues: the prefix, then {@code digits} digits of
 * which the last is a Luhn check digit (as member numbers have).
 *
 * @param numberPrefix letters or digits in front of every issued card number
 * @param numberDigits how many digits follow the prefix, the check digit included (8 to 19)
 */
@ConfigurationProperties("loyaltydesk.cards")
public record CardsProperties(@DefaultValue("MR") String numberPrefix, @DefaultValue("10") int numberDigits) {

    public CardsProperties {
        if (numberPrefix == null || !numberPrefix.matches("[A-Za-z0-9]{0,8}")) {
            throw new IllegalArgumentException("loyaltydesk.cards.number-prefix: use up to 8 letters or digits");
        }
        if (numberDigits < 8 || numberDigits > 19) {
            throw new IllegalArgumentException("loyaltydesk.cards.number-digits: use 8 to 19");
        }
    }
}
