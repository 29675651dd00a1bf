package org.quantrac.simulator.signal;

import java.time.Instant;

/**
 * The weather of one district at one instant. Stations of a district share it, so neighbouring stations see the same
 * rain and wind, and the pollutants respond to it (wind dilutes, rain washes out particles and muddies rivers).
 *
 * @param temperature  air temperature, °C
 * @param humidity     relative humidity, %
 * @param windSpeed    m/s
 * @param windDirection degrees from north, [0, 360)
 * @param pressure     hPa
 * @param solar        global radiation, W/m²
 * @param rain         rain intensity, mm/h
 * @param wetness      rain of the last ~10 hours, mm/h on average: what rivers and runoff respond to
 */
public record Weather(double temperature, double humidity, double windSpeed, double windDirection, double pressure,
                      double solar, double rain, double wetness) {

    /** The weather of the district with this key at instant {@code t}. */
    public static Weather of(long districtKey, Instant t) {
        long s = t.getEpochSecond();
        StationTime lt = StationTime.of(t);
        double dry = lt.dryness();
        // Quảng Ninh: ~16 °C in January, ~29 °C in July; afternoon maximum, dawn minimum.
        double seasonal = 22.8 - 6.3 * Math.cos(2 * Math.PI * (lt.dayOfYear() - 20) / 365.25);
        double diurnal = 3.4 * Math.cos(2 * Math.PI * (lt.hour() - 14.5) / 24);
        double temperature = seasonal + diurnal + 1.6 * Noise.smooth(Noise.key(districtKey, "temp"), s, 30 * 3600.0);

        double cloud = clamp(0.45 + 0.25 * (1 - dry) + 0.3 * Noise.smooth(Noise.key(districtKey, "cloud"), s, 5 * 3600.0),
                0, 1);
        double solar = lt.daylight() * (700 + 250 * (1 - dry)) * (1 - 0.75 * cloud);

        double rain = rain(districtKey, s, dry);
        double wetness = 0;
        for (int h = 0; h < 10; h += 2) {
            wetness += rain(districtKey, s - h * 3600L, StationTime.of(Instant.ofEpochSecond(s - h * 3600L)).dryness());
        }
        wetness /= 5;

        double humidity = clamp(80 - 10 * Math.cos(2 * Math.PI * (lt.hour() - 14.5) / 24) + 8 * cloud - 4 + 10 * Math.min(rain, 1.5)
                + 4 * Noise.smooth(Noise.key(districtKey, "rh"), s, 9 * 3600.0), 30, 100);

        double windSpeed = Math.max(0.1, 2.2 + 1.2 * Math.cos(2 * Math.PI * (lt.hour() - 14.0) / 24)
                + 0.9 * Noise.smooth(Noise.key(districtKey, "ws"), s, 6 * 3600.0)
                + 0.35 * Noise.ar1(Noise.key(districtKey, "gust"), Math.floorDiv(s, 60), 0.7));
        // North-east monsoon in the dry season, south-east winds off the bay in summer.
        double monsoon = 45 + 105 * (1 - dry);
        double windDirection = Math.floorMod(Math.round((monsoon + 40 * Noise.smooth(Noise.key(districtKey, "wd"), s,
                8 * 3600.0)) * 10), 3600) / 10.0;
        double pressure = 1011 + 7 * dry + 1.3 * Math.cos(4 * Math.PI * (lt.hour() - 10) / 24)
                + 3 * Noise.smooth(Noise.key(districtKey, "p"), s, 48 * 3600.0);
        return new Weather(temperature, humidity, windSpeed, windDirection, pressure, solar, rain, wetness);
    }

    /** Showers: a slow field crossing a threshold that is lower in the wet season (May–October). */
    private static double rain(long districtKey, long s, double dry) {
        double field = Noise.smooth(Noise.key(districtKey, "rain"), s, 3 * 3600.0);
        // About 200 mm a month in the wet season and 15–20 mm in the dry season, as on the Quảng Ninh coast.
        double threshold = 1.3 + 1.0 * dry;
        return field > threshold ? 6 * (field - threshold) : 0;
    }

    /** Dilution by wind: calm nights concentrate pollutants, a breeze spreads them. */
    public double dilution() {
        return clamp(1.8 / (0.7 + windSpeed), 0.35, 2.2);
    }

    /** Particle wash-out by rain. */
    public double washout() {
        return 1 / (1 + 0.6 * rain);
    }

    static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
