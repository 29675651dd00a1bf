package org.quantrac.processor.aqi;

import java.util.OptionalDouble;

/**
 * The 12-hour NowCast for particles: a weighted mean of the last 12 hourly means where the weight falls off faster when
 * concentrations change fast. {@code w* = cmin / cmax} over the present hours, {@code w = max(w*, ½)},
 * {@code NowCast = Σ w^(i−1)·c_i / Σ w^(i−1)} over the present hours, {@code i = 1} the most recent hour.
 */
public final class NowCast {

    /** When there are too few recent hours to report a NowCast. */
    public enum Rule {
        /** VN_AQI (Decision 1459): at least 2 of the 3 most recent hours present. */
        TWO_OF_LAST_THREE,
        /** US EPA as summarised in shared/README: not when both of the two most recent hours are missing. */
        ONE_OF_LAST_TWO
    }

    private NowCast() {
    }

    /**
     * @param hours hourly means, {@code hours[0]} the most recent; {@code NaN} = missing; at most 12 are used
     */
    public static OptionalDouble of(double[] hours, Rule rule) {
        boolean h1 = present(hours, 0);
        boolean h2 = present(hours, 1);
        boolean h3 = present(hours, 2);
        boolean enough = rule == Rule.TWO_OF_LAST_THREE ? (h1 ? 1 : 0) + (h2 ? 1 : 0) + (h3 ? 1 : 0) >= 2 : h1 || h2;
        if (!enough) {
            return OptionalDouble.empty();
        }
        int n = Math.min(12, hours.length);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (present(hours, i)) {
                min = Math.min(min, hours[i]);
                max = Math.max(max, hours[i]);
            }
        }
        // all zero: any weight gives 0
        double w = max <= 0 ? 1 : Math.max(min / max, 0.5);
        double weighted = 0;
        double weights = 0;
        double wi = 1;
        for (int i = 0; i < n; i++) {
            if (present(hours, i)) {
                weighted += wi * hours[i];
                weights += wi;
            }
            wi *= w;
        }
        return OptionalDouble.of(weighted / weights);
    }

    private static boolean present(double[] hours, int i) {
        return i < hours.length && !Double.isNaN(hours[i]);
    }
}
