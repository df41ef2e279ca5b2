package io.loyaltydesk.rules.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * How a rule turns money or base points into whole points. The decimal arithmetic defines the result:
 * <ul>
 * <li>points per amount: amount × pointsPer ÷ perAmount, the quotient to 16 significant digits
 * ({@link MathContext#DECIMAL64}, half-even), then to a whole number with the rule's rounding;
 * <li>multiplier: base points × (factor − 1), exact, then to a whole number with the rule's rounding.
 * </ul>
 * Almost every purchase has money with at most two decimals, and then the same points come out of long arithmetic
 * on minor units (cents), without a {@link BigDecimal} per award.
 *
 * <p>Why the longs agree: with the factor reduced to a fraction n/d per unit of the value (points per cent, extra
 * points per base point), value × n ÷ d = I + R/d. A whole-number rounding only asks where R/d lies against 0, ½
 * and 1: on one of them, or on which side. Rounding the quotient to 16 significant digits keeps k = 16 − digits(I)
 * decimals (k = 16 when I = 0, the quotient being below 1), so it moves the quotient by at most 5·10^−(k+1); a
 * fraction R/d that is not on one of those points is at least 1/(2d) away from it. So when d &lt; 10^k the
 * 16-digit quotient is rounded to the same whole number as R/d (and R/d = 0 or ½ is exact in 16 digits). When that
 * does not hold, or the longs would overflow, or the value is negative, the decimal arithmetic decides.
 * {@code PointsFormulaTest} compares both over random values, rates and roundings.
 */
final class PointsFormula {

    /** What {@link #inLongs} answers when long arithmetic cannot be sure to give the decimal result. */
    static final long UNDECIDED = Long.MIN_VALUE;

    private final BigDecimal multiplicand;
    private final BigDecimal divisor;
    private final MathContext quotient;
    private final int valueScale;
    private final RoundingMode rounding;
    /** The factor per unit of the value as numerator / denominator in lowest terms; denominator 0: decimals only. */
    private final long numerator;
    private final long denominator;
    /**
     * Quotients with a whole part below this are rounded alike with and without 16 significant digits first:
     * 10^(16 − digits(denominator)), as then denominator &lt; 10^(16 − digits(whole part)) (see the class).
     */
    private final long wholeLimit;

    private PointsFormula(BigDecimal multiplicand, BigDecimal divisor, MathContext quotient, int valueScale,
            RoundingMode rounding) {
        this.multiplicand = multiplicand;
        this.divisor = divisor;
        this.quotient = quotient;
        this.valueScale = valueScale;
        this.rounding = rounding;
        // multiplicand ÷ (divisor × 10^valueScale), both brought to one scale so that they are whole numbers
        var perUnitOfValue = divisor.scaleByPowerOfTen(valueScale);
        int scale = Math.max(0, Math.max(multiplicand.scale(), perUnitOfValue.scale()));
        var n = multiplicand.setScale(scale).unscaledValue();
        var d = perUnitOfValue.setScale(scale).unscaledValue();
        boolean longs = n.signum() >= 0 && d.signum() > 0 && (rounding == RoundingMode.FLOOR
                || rounding == RoundingMode.CEILING || rounding == RoundingMode.HALF_UP);
        if (longs) {
            var gcd = n.gcd(d);
            n = n.divide(gcd);
            d = d.divide(gcd);
            longs = n.bitLength() < Long.SIZE && d.bitLength() < Long.SIZE;
        }
        this.numerator = longs ? n.longValue() : 0;
        this.denominator = longs ? d.longValue() : 0;
        int denominatorDigits = d.toString().length();
        this.wholeLimit = quotient.getPrecision() == 0 ? Long.MAX_VALUE
                : denominatorDigits <= quotient.getPrecision()
                        ? BigInteger.TEN.pow(quotient.getPrecision() - denominatorDigits).longValueExact()
                        : 0;
    }

    /** {@code pointsPer} points per {@code perAmount} of money, for amounts given in minor units (two decimals). */
    static PointsFormula perAmount(BigDecimal pointsPer, BigDecimal perAmount, RoundingMode rounding) {
        return new PointsFormula(pointsPer, perAmount, MathContext.DECIMAL64, 2, rounding);
    }

    /** The extra points of a multiplier: base points × (factor − 1). */
    static PointsFormula multiplier(BigDecimal factor, RoundingMode rounding) {
        return new PointsFormula(factor.subtract(BigDecimal.ONE), BigDecimal.ONE, MathContext.UNLIMITED, 0, rounding);
    }

    /**
     * The points for a value in the formula's unit (minor units of money, or base points).
     *
     * @throws ArithmeticException as the decimal arithmetic does (a zero divisor, more points than a long holds)
     */
    long points(long value) {
        long points = inLongs(value);
        return points != UNDECIDED ? points : points(BigDecimal.valueOf(value, valueScale));
    }

    /** The points for a value (an amount of money, or base points) in decimal arithmetic: the definition. */
    long points(BigDecimal value) {
        return value.multiply(multiplicand).divide(divisor, quotient).setScale(0, rounding).longValueExact();
    }

    /** The points in long arithmetic, or {@link #UNDECIDED} when longs cannot be sure to give the decimal result. */
    long inLongs(long value) {
        if (denominator == 0 || value < 0) {
            return UNDECIDED;
        }
        long product = value * numerator;
        if (Math.multiplyHigh(value, numerator) != 0 || product < 0) {
            return UNDECIDED;
        }
        long whole = product / denominator;
        long remainder = product % denominator;
        if (whole >= wholeLimit) {
            return UNDECIDED;
        }
        return switch (rounding) {
            case FLOOR -> whole;
            case CEILING -> remainder == 0 ? whole : whole + 1;
            case HALF_UP -> remainder >= denominator - remainder ? whole + 1 : whole;
            default -> UNDECIDED;
        };
    }
}
