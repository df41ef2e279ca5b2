package io.loyaltydesk.members.internal;

/**
 * Member numbers are ten digits: nine from a sequence and a Luhn check digit, so that a number mistyped
 * by one digit (or by most swaps of two neighbouring digits) at the till names no member at all.
 */
public final class MemberNumbers {

    private MemberNumbers() {
    }

    public static String fromSequence(long value) {
        var body = String.format("%09d", value);
        return body + luhnDigit(body);
    }


    static int luhnDigit(String body) {
        int sum = 0;
        boolean twice = true;
        for (int i = body.length() - 1; i >= 0; i--) {
            int digit = body.charAt(i) - '0';
            if (twice) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            twice = !twice;
        }
        return (10 - sum % 10) % 10;
    }
}
