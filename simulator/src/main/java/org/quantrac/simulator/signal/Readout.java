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
