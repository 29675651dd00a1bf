package org.quantrac.simulator.signal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * How values are displayed by an instrument: four significant digits, at most three decimals. A rounded value has a
 * short decimal form, so JSON and TT10 text carry it exactly and a round trip gives back the same double.
 */
public final class Readout {

    private static final MathContext FOUR_DIGITS = new MathContext(4, RoundingMode.HALF_EVEN);

    private Readout() {
    }

    public static double round(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? 0.0 : v;
        }
        double fast = fastRound(v);
        if (!Double.isNaN(fast)) {
            return fast;
        }
        return exactRound(v);
    }

    /** Powers of ten that are exact doubles. */
    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12};

    /**
     * {@link #exactRound} without BigDecimal (it was a fifth of the load generator's CPU in the pipeline benchmark),
     * or NaN where the double arithmetic cannot tell the rounding direction for sure: then the exact path decides.
     * The digits are scaled by one exact power of ten (one correctly rounded operation, error ≤ ½ ulp), so outside a
     * margin around the .5 ties and the decade boundaries the rounded integer is the exact one; the result is that
     * integer divided by an exact power of ten, the same correctly rounded division {@code BigDecimal.doubleValue}
     * performs, so both paths give the same double (checked on millions of values by ReadoutTest).
     */
    static double fastRound(double v) {
        double a = Math.abs(v);
        if (a < 1e-3 || a >= 1e12) {
            return Double.NaN;
        }
        int e = (int) Math.floor(Math.log10(a)); // decade: 10^e <= a < 10^(e+1), checked through the scaled value
        int scale = 3 - e; // four significant digits
        double scaled = scale >= 0 ? a * POW10[scale] : a / POW10[-scale];
        if (scaled < 1000.0 + 1e-6 || scaled >= 10000.0 - 1e-6) {
            return Double.NaN; // near a decade boundary: log10 may have picked the neighbouring decade
        }
        double floor = Math.floor(scaled);
        double frac = scaled - floor;
        if (Math.abs(frac - 0.5) < 1e-6) {
            return Double.NaN; // a tie or nearly: the exact decimal expansion decides
        }
        long n = (long) floor + (frac > 0.5 ? 1 : 0);
        double r;
        if (scale > 3) { // at most three decimals: round the four digits again, half even, like setScale(3)
            long p = (long) POW10[scale - 3];
            long q = n / p;
            long rem = n % p;
            if (2 * rem > p || 2 * rem == p && (q & 1) == 1) {
                q++;
            }
            r = q / 1e3;
        } else if (scale >= 0) {
            r = n / POW10[scale];
        } else {
            r = n * POW10[-scale];
        }
        return v < 0 ? -r : r;
    }

    /** The definition: four significant digits, then at most three decimals, both half even on the exact value. */
    static double exactRound(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? 0.0 : v;
        }
        BigDecimal d = new BigDecimal(v).round(FOUR_DIGITS);
        if (d.scale() > 3) {
            d = d.setScale(3, RoundingMode.HALF_EVEN);
        }
        double r = d.doubleValue();
        return r == 0 ? 0.0 : r;
    }

    /** The value as text without exponent or trailing zeros, e.g. {@code 35.2}, {@code 420000}, {@code 0.021}. */
    public static String text(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
