package io.loyaltydesk.cards.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.platform.CheckDigits;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class CardNumbersTest {

    private final CardNumbers numbers = new CardNumbers(new CardsProperties("MR", 10));

    @Test
    void issuedNumbersHaveThePrefixTenDigitsAndAValidCheckDigit() {
        var seen = new HashSet<String>();
        for (int i = 0; i < 1000; i++) {
            var number = numbers.next();
            assertThat(number).matches("MR[1-9]\\d{9}");
            assertThat(CheckDigits.luhnValid(number.substring(2))).as(number).isTrue();
            assertThat(numbers.mistyped(number)).isFalse();
            seen.add(number);
        }
        assertThat(seen).as("random, not a handful of values").hasSizeGreaterThan(990);
    }

    @Test
    void aTypoInTheProgramsFormatIsCaughtButOtherPrintersNumbersPass() {
        var number = numbers.next();
        var last = number.charAt(number.length() - 1) - '0';
        var typo = number.substring(0, number.length() - 1) + (last + 1) % 10;
        assertThat(numbers.mistyped(typo)).isTrue();
        assertThat(numbers.mistyped(typo.toLowerCase())).isTrue();
        assertThat(numbers.mistyped("MR123")).isFalse();
        assertThat(numbers.mistyped("PRINTED-0042")).isFalse();
        assertThat(numbers.mistyped("4000000000")).isFalse();
    }

    @Test
    void theLuhnCheckMatchesTheTextbookExample() {
        assertThat(CheckDigits.luhnDigit("7992739871")).isEqualTo(3);
        assertThat(CheckDigits.luhnValid("79927398713")).isTrue();
        assertThat(CheckDigits.luhnValid("79927398710")).isFalse();
        assertThat(CheckDigits.luhnValid("7992739871a")).isFalse();
    }
}
