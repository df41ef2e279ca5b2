package io.loyaltydesk.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.concurrent.Callable;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * The long arithmetic of {@link PointsFormula} gives the points the decimal arithmetic the rules always used gives:
 * for random amounts in minor units, rates, factors and roundings, including rates with 16-digit divisors (where
 * rounding the quotient to 16 digits first changes the whole number), zero divisors and overflowing results. The
 * reference is written out here as the rules computed it before.
 */
class PointsFormulaTest {

    static final RoundingMode[] ROUNDINGS = {RoundingMode.FLOOR, RoundingMode.HALF_UP, RoundingMode.CEILING};

    @Property(tries = 3000)
    void pointsPerAmountInLongsAreThePointsInDecimals(@ForAll("minorUnits") long minorUnits,
            @ForAll("pointsPer") BigDecimal pointsPer, @ForAll("perAmount") BigDecimal perAmount,
            @ForAll("rounding") RoundingMode rounding) {
        var formula = PointsFormula.perAmount(pointsPer, perAmount, rounding);

        var decimal = outcome(() -> BigDecimal.valueOf(minorUnits, 2).multiply(pointsPer)
                .divide(perAmount, MathContext.DECIMAL64).setScale(0, rounding).longValueExact());

        assertThat(outcome(() -> formula.points(minorUnits))).isEqualTo(decimal);
        long inLongs = formula.inLongs(minorUnits);
        if (inLongs != PointsFormula.UNDECIDED) {
            assertThat(String.valueOf(inLongs)).isEqualTo(decimal);
        }
        Statistics.label("per amount").collect(inLongs != PointsFormula.UNDECIDED ? "longs" : "decimals");
        Statistics.label("per amount").coverage(coverage -> coverage.check("longs").percentage(p -> p > 60));
    }

    @Property(tries = 2000)
    void multiplierPointsInLongsAreThePointsInDecimals(@ForAll("basePoints") long basePoints,
            @ForAll("factor") BigDecimal factor, @ForAll("rounding") RoundingMode rounding) {
        var formula = PointsFormula.multiplier(factor, rounding);

        var decimal = outcome(() -> BigDecimal.valueOf(basePoints).multiply(factor.subtract(BigDecimal.ONE))
                .setScale(0, rounding).longValueExact());

        assertThat(outcome(() -> formula.points(basePoints))).isEqualTo(decimal);
        long inLongs = formula.inLongs(basePoints);
        if (inLongs != PointsFormula.UNDECIDED) {
            assertThat(String.valueOf(inLongs)).isEqualTo(decimal);
        }
        Statistics.label("multiplier").collect(inLongs != PointsFormula.UNDECIDED ? "longs" : "decimals");
        Statistics.label("multiplier").coverage(coverage -> coverage.check("longs").percentage(p -> p > 60));
    }

    @Test
    void everyRoundingOfTheUsualRatesRunsInLongs() {
        var euro = BigDecimal.ONE;
        assertThat(PointsFormula.perAmount(euro, new BigDecimal("1.00"), RoundingMode.FLOOR).inLongs(2350))
                .isEqualTo(23);
        assertThat(PointsFormula.perAmount(euro, new BigDecimal("2.00"), RoundingMode.HALF_UP).inLongs(500))
                .as("2.5 points").isEqualTo(3);
        assertThat(PointsFormula.perAmount(euro, new BigDecimal("2.00"), RoundingMode.HALF_UP).inLongs(499))
                .isEqualTo(2);
        assertThat(PointsFormula.perAmount(euro, new BigDecimal("2.00"), RoundingMode.CEILING).inLongs(402))
                .isEqualTo(3);
        assertThat(PointsFormula.perAmount(euro, new BigDecimal("2.00"), RoundingMode.CEILING).inLongs(400))
                .isEqualTo(2);
        assertThat(PointsFormula.multiplier(new BigDecimal("1.25"), RoundingMode.HALF_UP).inLongs(2)).isEqualTo(1);
        assertThat(PointsFormula.multiplier(new BigDecimal("1.25"), RoundingMode.FLOOR).inLongs(3)).isZero();
    }

    @Test
    void aQuotientThatSixteenDigitsRoundToAWholeNumberIsLeftToTheDecimals() {
        // 1.00 at 1 point per 0.3333333333333333 is 3.0000000000000003 points, which DECIMAL64 makes 3 before the
        // ceiling: 3 points, where the exact ceiling would be 4
        var formula = PointsFormula.perAmount(BigDecimal.ONE, new BigDecimal("0.3333333333333333"),
                RoundingMode.CEILING);

        assertThat(formula.inLongs(100)).isEqualTo(PointsFormula.UNDECIDED);
        assertThat(formula.points(100)).isEqualTo(3);
    }

    @Test
    void negativeAmountsAndZeroDivisorsAreLeftToTheDecimals() {
        var rate = PointsFormula.perAmount(BigDecimal.ONE, BigDecimal.ONE, RoundingMode.FLOOR);
        assertThat(rate.inLongs(-150)).isEqualTo(PointsFormula.UNDECIDED);
        assertThat(rate.points(-150)).isEqualTo(-2);
        var zero = PointsFormula.perAmount(BigDecimal.ONE, BigDecimal.ZERO, RoundingMode.FLOOR);
        assertThat(outcome(() -> zero.points(100))).isEqualTo("ArithmeticException");
    }

    // ---- the values

    @Provide
    Arbitrary<Long> minorUnits() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(0, 100_000)), // a basket's total or a few lines, in cents
                Tuple.of(2, Arbitraries.longs().between(0, 1_000).map(euros -> euros * 100)), // whole euros
                Tuple.of(1, Arbitraries.longs().between(0, Long.MAX_VALUE)), // overflow
                Tuple.of(1, Arbitraries.longs().between(-100_000, -1)));
    }

    @Provide
    Arbitrary<BigDecimal> pointsPer() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, decimals(1, 1_000, 2)),
                Tuple.of(1, decimals(0, Long.MAX_VALUE, 6)));
    }

    @Provide
    Arbitrary<BigDecimal> perAmount() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, decimals(1, 100_000, 4)),
                // 16-digit approximations of fractions: divisors where 16 digits decide the whole number
                Tuple.of(3, Combinators.combine(Arbitraries.integers().between(1, 30),
                        Arbitraries.integers().between(3, 97))
                        .as((m, k) -> BigDecimal.valueOf(m).divide(BigDecimal.valueOf(k), MathContext.DECIMAL64))),
                Tuple.of(1, Arbitraries.just(BigDecimal.ZERO)));
    }

    @Provide
    Arbitrary<Long> basePoints() {
        return Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.longs().between(0, 100_000)),
                Tuple.of(1, Arbitraries.longs().between(0, Long.MAX_VALUE)));
    }

    @Provide
    Arbitrary<BigDecimal> factor() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, decimals(100, 500, 2)), // 1x to 5x
                Tuple.of(1, decimals(0, 100_000_000, 7)),
                Tuple.of(1, decimals(0, Long.MAX_VALUE, 3)));
    }

    @Provide
    Arbitrary<RoundingMode> rounding() {
        return Arbitraries.of(ROUNDINGS);
    }

    /** Decimals from {@code min} to {@code max} units of the last place, with 0 to {@code scaleMax} decimals. */
    private static Arbitrary<BigDecimal> decimals(long min, long max, int scaleMax) {
        return Combinators.combine(Arbitraries.longs().between(min, max), Arbitraries.integers().between(0, scaleMax))
                .as(BigDecimal::valueOf);
    }

    /** The points, or the kind of exception. */
    private static String outcome(Callable<Long> points) {
        try {
            return String.valueOf(points.call());
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }
}
