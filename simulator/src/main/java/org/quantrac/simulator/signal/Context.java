package org.quantrac.simulator.signal;

import java.time.Instant;

/**
 * What a station's signals at one instant depend on.
 *
 * @param stationKey  the station's noise stream (seed + code)
 * @param time        measurement time
 * @param local       the instant in station local time
 * @param weather     the district's weather
 * @param slotSeconds the sampling interval, the step of the fast noise
 */
record Context(long stationKey, Instant time, StationTime local, Weather weather, long slotSeconds) {

    /** About unit-variance disturbance of one parameter's series. */
    double noise(String symbol) {
        return Noise.field(Noise.key(stationKey, symbol), time.getEpochSecond(), slotSeconds);
    }

    /** Slow wander only (hours), for quantities without sensor jitter. */
    double slow(String name, double periodHours) {
        return Noise.smooth(Noise.key(stationKey, name), time.getEpochSecond(), periodHours * 3600);
    }

    /** A fixed per-station factor in [lo, hi]: each station has its own pollution level, flows and chemistry. */
    double trait(String name, double lo, double hi) {
        return lo + (hi - lo) * Noise.uniform(Noise.key(stationKey, "trait:" + name));
    }

    /** Multiplicative log-normal disturbance: concentrations are skewed and never negative. */
    double lognormal(String symbol, double sigma) {
        return Math.exp(sigma * noise(symbol) - sigma * sigma / 2);
    }
}
