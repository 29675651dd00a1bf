package org.quantrac.processor.aqi;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Valid hourly means of the AQI pollutants at one station over consecutive hours, index 0 the first hour. Missing or
 * invalid hours are {@code NaN}. Concentrations in µg/m³ (CO too), the catalog's canonical unit.
 */
public final class HourlySeries {

    private final int hours;
    private final Map<Pollutant, double[]> values = new EnumMap<>(Pollutant.class);

    public HourlySeries(int hours) {
        this.hours = hours;
    }

    public int hours() {
        return hours;
    }

    /** Sets the valid mean of hour {@code t}. */
    public HourlySeries set(Pollutant p, int t, double mean) {
        values.computeIfAbsent(p, k -> {
            double[] a = new double[hours];
            Arrays.fill(a, Double.NaN);
            return a;
        })[t] = mean;
        return this;
    }

    /** The mean of hour {@code t}, NaN when missing or outside the series. */
    public double at(Pollutant p, int t) {
        double[] a = values.get(p);
        return a == null || t < 0 || t >= hours ? Double.NaN : a[t];
    }

    /** Hours {@code t, t−1, …, t−n+1}, most recent first (the NowCast's order). */
    public double[] backwards(Pollutant p, int t, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = at(p, t - i);
        }
        return out;
    }

    /** Mean of the present hours in {@code [from, to)}, NaN with fewer than {@code minPresent}. */
    public double mean(Pollutant p, int from, int to, int minPresent) {
        double sum = 0;
        int n = 0;
        for (int t = from; t < to; t++) {
            double v = at(p, t);
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n >= minPresent && n > 0 ? sum / n : Double.NaN;
    }

    /** Largest present hour in {@code [from, to)}, NaN when none. */
    public double max(Pollutant p, int from, int to) {
        double max = Double.NaN;
        for (int t = from; t < to; t++) {
            double v = at(p, t);
            if (!Double.isNaN(v) && (Double.isNaN(max) || v > max)) {
                max = v;
            }
        }
        return max;
    }

    /** Largest 8-hour rolling mean (at least 6 hours present) among the windows ending in {@code [from, to)}. */
    public double maxEightHourMean(Pollutant p, int from, int to) {
        double max = Double.NaN;
        for (int end = from; end < to; end++) {
            double m = mean(p, end - 7, end + 1, 6);
            if (!Double.isNaN(m) && (Double.isNaN(max) || m > max)) {
                max = m;
            }
        }
        return max;
    }
}
