package io.loyaltydesk.rewards.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;

/**
 * Unguessable voucher codes: each character drawn uniformly (SecureRandom) from the reward's alphabet. A
 * configuration whose code space is under 10^12 is refused, so that guessing (which is also rate limited)
 * cannot find a live code.
 */
public final class VoucherCodeGenerator {

    /** 31 characters without look-alikes (0/O, 1/I/L); 31^12 is about 7.9 * 10^17 codes. */
    public static final String DEFAULT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public static final int DEFAULT_LENGTH = 12;
    static final BigInteger SPACE_MIN = BigInteger.TEN.pow(12);
    private static final SecureRandom RANDOM = new SecureRandom();

    private VoucherCodeGenerator() {
    }

    /** The problems of a length and alphabet, empty when codes from them are long and varied enough. */
    public static List<FieldProblem> check(int length, String alphabet) {
        if (length < 6 || length > 32) {
            return List.of(new FieldProblem("codeLength", "must be between 6 and 32"));
        }
        if (alphabet == null || !alphabet.matches("[A-Z0-9]{2,64}")
                || alphabet.chars().distinct().count() != alphabet.length()) {
            return List.of(new FieldProblem("codeAlphabet",
                    "use 2 to 64 different upper-case letters or digits"));
        }
        if (space(length, alphabet).compareTo(SPACE_MIN) < 0) {
            return List.of(new FieldProblem("codeLength", "gives only " + space(length, alphabet)
                    + " possible codes with this alphabet; at least 10^12 are needed so that codes cannot be guessed"));
        }
        return List.of();
    }

    public static BigInteger space(int length, String alphabet) {
        return BigInteger.valueOf(alphabet.length()).pow(length);
    }

    public static String generate(int length, String alphabet) {
        var problems = check(length, alphabet);
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var code = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            code.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return code.toString();
    }

    /** How codes are compared: without surrounding blanks, upper case. */
    public static String normalize(String code) {
        return code == null ? "" : code.strip().toUpperCase(java.util.Locale.ROOT);
    }
}
