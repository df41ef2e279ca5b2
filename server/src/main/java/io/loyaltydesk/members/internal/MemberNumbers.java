package io.loyaltydesk.members.internal;

import io.loyaltydesk.platform.CheckDigits;

/**
 * Member numbers are ten digits: nine from a sequence and a Luhn check digit, so that a number mistyped
 * by one digit (or by most swaps of two neighbouring digits) at the till names no member at all.
 */
public final class MemberNumbers {

    private MemberNumbers() {
    }

    public static String fromSequence(long value) {
        var body = String.format("%09d", value);
        return body + CheckDigits.luhnDigit(body);
    }
}
