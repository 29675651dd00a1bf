package org.quantrac.processor.aqi;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * VN_AQI per Decision 1459/QĐ-TCMT (2019). Hourly: PM2.5 and PM10 by 12-hour NowCast, O3 (1 h), SO2, NO2 and CO by
 * the hour's mean. Daily: PM by the 24-hour mean, O3 by the larger of the sub-indices of the maximum 1-hour mean and
 * of the maximum 8-hour mean (the 8-hour part is skipped above 400 µg/m³), NO2, SO2 and CO by the maximum 1-hour mean.
 * The AQI is the largest sub-index; without PM2.5 or PM10 there is none.
 */
public final class VnAqi {

    private static final int[] INDEX = {0, 50, 100, 150, 200, 300, 400, 500};
    static final Breakpoints O3_1H = Breakpoints.continuous(
            new double[] {0, 160, 200, 300, 400, 800, 1000, 1200}, INDEX);
    static final Breakpoints O3_8H = Breakpoints.continuous(
            new double[] {0, 100, 120, 170, 210, 400}, new int[] {0, 50, 100, 150, 200, 300});
    static final Breakpoints CO = Breakpoints.continuous(
            new double[] {0, 10_000, 30_000, 45_000, 60_000, 90_000, 120_000, 150_000}, INDEX);
    static final Breakpoints SO2 = Breakpoints.continuous(
            new double[] {0, 125, 350, 550, 800, 1600, 2100, 2630}, INDEX);
    static final Breakpoints NO2 = Breakpoints.continuous(
            new double[] {0, 100, 200, 700, 1200, 2350, 3100, 3850}, INDEX);
    static final Breakpoints PM10 = Breakpoints.continuous(
            new double[] {0, 50, 150, 250, 350, 420, 500, 600}, INDEX);
    static final Breakpoints PM25 = Breakpoints.continuous(
            new double[] {0, 25, 50, 80, 150, 250, 350, 500}, INDEX);
    /** Daily PM mean needs 75 % of the day's hours. */
    static final int DAILY_MIN_HOURS = 18;

    private VnAqi() {
    }

    /** The sub-index of a 1-hour (or 24-hour for PM) concentration in µg/m³. */
    public static OptionalInt subIndex(Pollutant p, double concentration) {
        return table(p).subIndex(concentration);
    }

    private static Breakpoints table(Pollutant p) {
        switch (p) {
            case PM25: return PM25;
            case PM10: return PM10;
            case O3: return O3_1H;
            case SO2: return SO2;
            case NO2: return NO2;
            default: return CO;
        }
    }

    /** The hourly AQI of hour {@code t} of the series. */
    public static Optional<AqiResult> hourly(HourlySeries s, int t) {
        Map<Pollutant, Integer> sub = new EnumMap<>(Pollutant.class);
        for (Pollutant p : Pollutant.values()) {
            double c = p.isParticle()
                    ? NowCast.of(s.backwards(p, t, 12), NowCast.Rule.TWO_OF_LAST_THREE).orElse(Double.NaN)
                    : s.at(p, t);
            table(p).subIndex(c).ifPresent(i -> sub.put(p, i));
        }
        return result(sub);
    }

    /** The daily AQI of the day whose first hour is {@code dayStart} (hours before it feed the 8-hour means). */
    public static Optional<AqiResult> daily(HourlySeries s, int dayStart) {
        int dayEnd = dayStart + 24;
        Map<Pollutant, Integer> sub = new EnumMap<>(Pollutant.class);
        for (Pollutant p : Pollutant.values()) {
            if (p.isParticle()) {
                table(p).subIndex(s.mean(p, dayStart, dayEnd, DAILY_MIN_HOURS)).ifPresent(i -> sub.put(p, i));
            } else if (p == Pollutant.O3) {
                OptionalInt oneHour = O3_1H.subIndex(s.max(p, dayStart, dayEnd));
                double max8 = s.maxEightHourMean(p, dayStart, dayEnd);
                OptionalInt eightHour = max8 <= O3_8H.top() ? O3_8H.subIndex(max8) : OptionalInt.empty();
                int best = Math.max(oneHour.orElse(-1), eightHour.orElse(-1));
                if (best >= 0) {
                    sub.put(p, best);
                }
            } else {
                table(p).subIndex(s.max(p, dayStart, dayEnd)).ifPresent(i -> sub.put(p, i));
            }
        }
        return result(sub);
    }

    private static Optional<AqiResult> result(Map<Pollutant, Integer> sub) {
        if (!sub.containsKey(Pollutant.PM25) && !sub.containsKey(Pollutant.PM10)) {
            return Optional.empty();
        }
        return Optional.of(AqiResult.of(sub));
    }
}
