package org.quantrac.simulator.signal;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic pseudo-random fields: every value is a pure function of a stream key and a time, so any instant can be
 * computed without replaying history (a backfill of last month and a live run agree on every reading).
 */
public final class Noise {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Noise() {
    }

    /** SplitMix64 finaliser: a well-mixed 64-bit hash of {@code z}. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A new stream key derived from a parent key and a component. */
    public static long key(long parent, long component) {
        return mix(parent * GOLDEN + component + 0x632BE59BD9B4E019L);
    }

    /** A stream key from a name (station code, parameter symbol); FNV-1a, stable across JVMs unlike hashCode. */
    public static long key(long parent, String name) {
        long h = 0xCBF29CE484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001B3L;
        }
        return key(parent, h);
    }

    /** Uniform in [0, 1). */
    public static double uniform(long key) {
        return (mix(key) >>> 11) * 0x1.0p-53;
    }

    /** Standard normal (Box–Muller on two derived uniforms). */
    public static double gaussian(long key) {
        double u1 = uniform(key);
        double u2 = uniform(key ^ GOLDEN);
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /**
     * Smooth noise with unit-ish variance varying over {@code periodSeconds}: normal knots every period, joined by a
     * smoothstep, so it wanders and comes back (mean-reverting) instead of jumping.
     */
    public static double smooth(long key, double seconds, double periodSeconds) {
        double x = seconds / periodSeconds;
        long k = (long) Math.floor(x);
        double f = x - k;
        double s = f * f * (3.0 - 2.0 * f);
        double a = gaussian(key(key, k));
        double b = gaussian(key(key, k + 1));
        // Interpolation halves the variance mid-way; rescale so the field's spread does not pulse with the knots.
        double norm = Math.sqrt((1 - s) * (1 - s) + s * s);
        return (a + (b - a) * s) / norm;
    }

    /**
     * A stationary AR(1) process (an Ornstein–Uhlenbeck process sampled every slot) with unit variance, computed
     * from its moving-average form truncated where the weights fall below 1 %: x(n) = √(1−φ²) Σ φ^k ε(n−k).
     */
    public static double ar1(long key, long slot, double phi) {
        int depth = (int) Math.ceil(Math.log(0.01) / Math.log(phi));
        double sum = 0;
        double w = 1;
        for (int k = 0; k < depth; k++) {
            sum += w * gaussian(key(key, slot - k));
            w *= phi;
        }
        return sum * Math.sqrt(1 - phi * phi);
    }

    /**
     * The usual disturbance of a measured series: slow weather-like wander (hours to days) plus fast mean-reverting
     * sensor/turbulence noise at the sampling slot; about unit variance.
     */
    public static double field(long key, long epochSecond, long slotSeconds) {
        double slow = smooth(key(key, 1), epochSecond, 18 * 3600.0);
        double medium = smooth(key(key, 2), epochSecond, 2.5 * 3600.0);
        double fast = ar1(key(key, 3), Math.floorDiv(epochSecond, slotSeconds), 0.8);
        return 0.6 * slow + 0.6 * medium + 0.5 * fast;
    }
}
