package org.quantrac.processor.aqi;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The US EPA AQI as an alternative index (40 CFR 58 Appendix G; PM2.5 breakpoints of May 2024). Gases are converted
 * from µg/m³ to ppb/ppm at 25 °C and 1 atm (molar volume 24.45 L), as EPA's tables are in mixing ratios. Concentrations
 * are truncated to each table's decimals before the lookup (EPA's rule).
 *
 * <p>Hourly: PM2.5 and PM10 by NowCast; O3 by the 8-hour mean ending at the hour, or by the 1-hour table when the hour
 * is at least 0.125 ppm (the larger wins); CO by the 8-hour mean; SO2 and NO2 by the hour. Daily: PM by the 24-hour
 * mean, O3 by the maximum 8-hour (and 1-hour) mean, CO by the maximum 8-hour mean, SO2 and NO2 by the maximum hour.
 * Above a table's top the sub-index is 500. SO2's upper bands (≥ 305 ppb, officially 24-hour) are applied to the
 * 1-hour value.
 */
public final class UsAqi {

    private static final double MOLAR_VOLUME = 24.45;
    static final Breakpoints PM25 = Breakpoints.discrete(1,
            new double[] {0.0, 9.0, 0, 50}, new double[] {9.1, 35.4, 51, 100}, new double[] {35.5, 55.4, 101, 150},
            new double[] {55.5, 125.4, 151, 200}, new double[] {125.5, 225.4, 201, 300},
            new double[] {225.5, 325.4, 301, 500});
    static final Breakpoints PM10 = Breakpoints.discrete(0,
            new double[] {0, 54, 0, 50}, new double[] {55, 154, 51, 100}, new double[] {155, 254, 101, 150},
            new double[] {255, 354, 151, 200}, new double[] {355, 424, 201, 300}, new double[] {425, 604, 301, 500});
    static final Breakpoints O3_8H_PPM = Breakpoints.discrete(3,
            new double[] {0.000, 0.054, 0, 50}, new double[] {0.055, 0.070, 51, 100},
            new double[] {0.071, 0.085, 101, 150}, new double[] {0.086, 0.105, 151, 200},
            new double[] {0.106, 0.200, 201, 300});
    static final Breakpoints O3_1H_PPM = Breakpoints.discrete(3,
            new double[] {0.125, 0.164, 101, 150}, new double[] {0.165, 0.204, 151, 200},
            new double[] {0.205, 0.404, 201, 300}, new double[] {0.405, 0.604, 301, 500});
    static final Breakpoints CO_8H_PPM = Breakpoints.discrete(1,
            new double[] {0.0, 4.4, 0, 50}, new double[] {4.5, 9.4, 51, 100}, new double[] {9.5, 12.4, 101, 150},
            new double[] {12.5, 15.4, 151, 200}, new double[] {15.5, 30.4, 201, 300},
            new double[] {30.5, 50.4, 301, 500});
    static final Breakpoints SO2_1H_PPB = Breakpoints.discrete(0,
            new double[] {0, 35, 0, 50}, new double[] {36, 75, 51, 100}, new double[] {76, 185, 101, 150},
            new double[] {186, 304, 151, 200}, new double[] {305, 604, 201, 300}, new double[] {605, 1004, 301, 500});
    static final Breakpoints NO2_1H_PPB = Breakpoints.discrete(0,
            new double[] {0, 53, 0, 50}, new double[] {54, 100, 51, 100}, new double[] {101, 360, 101, 150},
            new double[] {361, 649, 151, 200}, new double[] {650, 1249, 201, 300},
            new double[] {1250, 2049, 301, 500});
    static final int DAILY_MIN_HOURS = 18;

    private UsAqi() {
    }

    /** µg/m³ → ppb at 25 °C. */
    public static double ppb(Pollutant gas, double microgramsPerCubicMetre) {
        return microgramsPerCubicMetre * MOLAR_VOLUME / gas.molarMass();
    }

    public static Optional<AqiResult> hourly(HourlySeries s, int t) {
        Map<Pollutant, Integer> sub = new EnumMap<>(Pollutant.class);
        put(sub, Pollutant.PM25, PM25.subIndex(
                NowCast.of(s.backwards(Pollutant.PM25, t, 12), NowCast.Rule.ONE_OF_LAST_TWO).orElse(Double.NaN)));
        put(sub, Pollutant.PM10, PM10.subIndex(
                NowCast.of(s.backwards(Pollutant.PM10, t, 12), NowCast.Rule.ONE_OF_LAST_TWO).orElse(Double.NaN)));
        put(sub, Pollutant.O3, ozone(s.mean(Pollutant.O3, t - 7, t + 1, 6), s.at(Pollutant.O3, t)));
        put(sub, Pollutant.CO, CO_8H_PPM.subIndex(ppb(Pollutant.CO, s.mean(Pollutant.CO, t - 7, t + 1, 6)) / 1000));
        put(sub, Pollutant.SO2, SO2_1H_PPB.subIndex(ppb(Pollutant.SO2, s.at(Pollutant.SO2, t))));
        put(sub, Pollutant.NO2, NO2_1H_PPB.subIndex(ppb(Pollutant.NO2, s.at(Pollutant.NO2, t))));
        return sub.isEmpty() ? Optional.empty() : Optional.of(AqiResult.of(sub));
    }

    public static Optional<AqiResult> daily(HourlySeries s, int dayStart) {
        int dayEnd = dayStart + 24;
        Map<Pollutant, Integer> sub = new EnumMap<>(Pollutant.class);
        put(sub, Pollutant.PM25, PM25.subIndex(s.mean(Pollutant.PM25, dayStart, dayEnd, DAILY_MIN_HOURS)));
        put(sub, Pollutant.PM10, PM10.subIndex(s.mean(Pollutant.PM10, dayStart, dayEnd, DAILY_MIN_HOURS)));
        put(sub, Pollutant.O3, ozone(s.maxEightHourMean(Pollutant.O3, dayStart, dayEnd),
                s.max(Pollutant.O3, dayStart, dayEnd)));
        put(sub, Pollutant.CO, CO_8H_PPM.subIndex(
                ppb(Pollutant.CO, s.maxEightHourMean(Pollutant.CO, dayStart, dayEnd)) / 1000));
        put(sub, Pollutant.SO2, SO2_1H_PPB.subIndex(ppb(Pollutant.SO2, s.max(Pollutant.SO2, dayStart, dayEnd))));
        put(sub, Pollutant.NO2, NO2_1H_PPB.subIndex(ppb(Pollutant.NO2, s.max(Pollutant.NO2, dayStart, dayEnd))));
        return sub.isEmpty() ? Optional.empty() : Optional.of(AqiResult.of(sub));
    }

    /** O3: the 8-hour table up to its top (0.200 ppm), the 1-hour table from 0.125 ppm; the larger wins. */
    private static OptionalInt ozone(double eightHourMicrograms, double oneHourMicrograms) {
        double eight = ppb(Pollutant.O3, eightHourMicrograms) / 1000;
        double one = ppb(Pollutant.O3, oneHourMicrograms) / 1000;
        OptionalInt e = eight <= O3_8H_PPM.top() ? O3_8H_PPM.subIndex(eight) : OptionalInt.empty();
        OptionalInt o = O3_1H_PPM.subIndex(one);
        int best = Math.max(e.orElse(-1), o.orElse(-1));
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }

    private static void put(Map<Pollutant, Integer> sub, Pollutant p, OptionalInt index) {
        index.ifPresent(i -> sub.put(p, i));
    }
}
