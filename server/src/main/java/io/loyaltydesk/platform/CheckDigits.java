package io.loyaltydesk.platform;

/**
 * The Luhn check digit, as on payment cards: a number mistyped by one digit, or by most swaps of two neighbouring
 * digits, fails the check. Used for member numbers and loyalty card numbers.
 */
public final class CheckDigits {

    private CheckDigits() {
    }

    /** The digit to append to {@code digits} (only 0-9) so that the whole passes {@link #luhnValid}. */
    public static int luhnDigit(String digits) {
        return (10 - luhnSum(digits, true) % 10) % 10;
    }

    /** Whether {@code digits} (only 0-9, the last one the check digit) passes the Luhn check. */
    public static boolean luhnValid(String digits) {
        if (digits == null || digits.length() < 2 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        return luhnSum(digits, false) % 10 == 0;
    }

    private static int luhnSum(String digits, boolean doubleLast) {
        int sum = 0;
        boolean twice = doubleLast;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (twice) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            twice = !twice;
        }
        return sum;
    }
}
