package org.quantrac.processor.aqi;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.OptionalInt;

/**
 * A breakpoint table: concentration bands mapped linearly onto index bands, result rounded half up to an integer.
 *
 * <p>Two shapes exist. VN_AQI's bands are continuous ({@code BP_i} to {@code BP_i+1} maps to {@code I_i} to
 * {@code I_i+1}). The US tables are discrete ({@code 9.1–35.4 → 51–100}): the concentration is first truncated to the
 * table's decimals (EPA's rule), which closes the gaps between bands.
 */
public final class Breakpoints {

    private final double[] concentrationLow;
    private final double[] concentrationHigh;
    private final int[] indexLow;
    private final int[] indexHigh;
    private final int decimals; // -1: continuous table, no truncation

    private Breakpoints(double[] cLow, double[] cHigh, int[] iLow, int[] iHigh, int decimals) {
        this.concentrationLow = cLow;
        this.concentrationHigh = cHigh;
        this.indexLow = iLow;
        this.indexHigh = iHigh;
        this.decimals = decimals;
    }

    /** Continuous table: {@code bp[i]} maps to {@code index[i]}; needs the same length. */
    public static Breakpoints continuous(double[] bp, int[] index) {
        if (bp.length != index.length || bp.length < 2) {
            throw new IllegalArgumentException("breakpoints and index values must pair up");
        }
        int n = bp.length - 1;
        double[] cLow = new double[n];
        double[] cHigh = new double[n];
        int[] iLow = new int[n];
        int[] iHigh = new int[n];
        for (int i = 0; i < n; i++) {
            cLow[i] = bp[i];
            cHigh[i] = bp[i + 1];
            iLow[i] = index[i];
            iHigh[i] = index[i + 1];
        }
        return new Breakpoints(cLow, cHigh, iLow, iHigh, -1);
    }

    /** Discrete table: rows of {cLow, cHigh, iLow, iHigh}; concentrations truncated to {@code decimals}. */
    public static Breakpoints discrete(int decimals, double[]... rows) {
        int n = rows.length;
        double[] cLow = new double[n];
        double[] cHigh = new double[n];
        int[] iLow = new int[n];
        int[] iHigh = new int[n];
        for (int i = 0; i < n; i++) {
            cLow[i] = rows[i][0];
            cHigh[i] = rows[i][1];
            iLow[i] = (int) rows[i][2];
            iHigh[i] = (int) rows[i][3];
        }
        return new Breakpoints(cLow, cHigh, iLow, iHigh, decimals);
    }

    /** The highest concentration the table covers. */
    public double top() {
        return concentrationHigh[concentrationHigh.length - 1];
    }

    /**
     * The sub-index of a concentration; above the table's top it is 500 (both indices stop there); empty for a
     * negative or NaN concentration, or one below the table's first band (the US 1-hour ozone table starts at 0.125).
     */
    public OptionalInt subIndex(double concentration) {
        if (Double.isNaN(concentration) || concentration < 0) {
            return OptionalInt.empty();
        }
        double c = decimals < 0 ? concentration
                : BigDecimal.valueOf(concentration).setScale(decimals, RoundingMode.DOWN).doubleValue();
        if (c < concentrationLow[0]) {
            return OptionalInt.empty();
        }
        for (int i = 0; i < concentrationHigh.length; i++) {
            if (c <= concentrationHigh[i]) {
                // Decimal arithmetic: 125.5 must round to 126, not fall to 125.4999… in binary floating point.
                BigDecimal index = BigDecimal.valueOf(indexHigh[i] - indexLow[i])
                        .multiply(BigDecimal.valueOf(c).subtract(BigDecimal.valueOf(concentrationLow[i])))
                        .divide(BigDecimal.valueOf(concentrationHigh[i]).subtract(
                                BigDecimal.valueOf(concentrationLow[i])), MathContext.DECIMAL64)
                        .add(BigDecimal.valueOf(indexLow[i]));
                return OptionalInt.of(index.setScale(0, RoundingMode.HALF_UP).intValueExact());
            }
        }
        return OptionalInt.of(500);
    }
}
