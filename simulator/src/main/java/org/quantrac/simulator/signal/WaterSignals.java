package org.quantrac.simulator.signal;

import java.time.DayOfWeek;
import org.quantrac.core.station.StationKind;

/** Surface water, coastal water and wastewater. */
final class WaterSignals {

    /** Hạ Long Bay has a diurnal tide: one high and one low water per lunar day. */
    private static final double LUNAR_DAY_HOURS = 24.8412;
    /** The diurnal tide's spring–neap cycle follows the moon's declination: half a tropical month. */
    private static final double TROPICAL_HALF_MONTH_DAYS = 13.66;

    private WaterSignals() {
    }

    static double value(StationKind kind, String symbol, Context c) {
        switch (kind) {
            case COASTAL_WATER:
                return coastal(symbol, c);
            case WASTEWATER:
                return wastewater(symbol, c);
            default:
                return river(symbol, c);
        }
    }

    /** Water temperature: the air's seasonal cycle, damped and lagged, with a small afternoon rise. */
    private static double temperature(Context c, double offset) {
        StationTime lt = c.local();
        double seasonal = 23.5 - 6.0 * Math.cos(2 * Math.PI * (lt.dayOfYear() - 35) / 365.25);
        return seasonal + offset + 0.8 * Math.cos(2 * Math.PI * (lt.hour() - 16) / 24) + 0.4 * c.slow("wtemp", 36);
    }

    /** Tide height above chart datum at the station, m (Hòn Gai range up to ~4 m at springs). */
    static double tide(Context c) {
        double hours = c.time().getEpochSecond() / 3600.0;
        double phase = c.trait("tide-phase", 0, 0.6);
        double springs = 0.55 + 0.45 * Math.cos(2 * Math.PI * hours / (24 * TROPICAL_HALF_MONTH_DAYS));
        return 2.0 + 1.7 * springs * Math.cos(2 * Math.PI * hours / LUNAR_DAY_HOURS - phase);
    }

    /** Tidal current strength, [0, 1]: how fast the level changes; stirs up sediment. */
    private static double current(Context c) {
        double hours = c.time().getEpochSecond() / 3600.0;
        double phase = c.trait("tide-phase", 0, 0.6);
        return Math.abs(Math.sin(2 * Math.PI * hours / LUNAR_DAY_HOURS - phase));
    }

    private static double coastal(String symbol, Context c) {
        double tide = tide(c);
        double wet = c.weather().wetness();
        double salinity = 28.5 + 1.3 * (tide - 2.0) - 1.2 * wet + 0.3 * c.noise("Salinity");
        switch (symbol) {
            case "Level":
                return tide + 0.02 * c.noise("Level");
            case "Salinity":
                return salinity;
            case "EC":
                return salinity * 1_550 * (1 + 0.005 * c.noise("EC"));
            case "Temp":
                return temperature(c, 0.5);
            case "pH":
                return 8.1 + 0.05 * (tide - 2.0) - 0.08 * wet + 0.04 * c.noise("pH");
            case "DO":
                return 6.6 + 0.5 * c.local().photochemistry() - 0.05 * (temperature(c, 0) - 24) + 0.15 * c.noise("DO");
            case "Turbidity":
                return (4 + 9 * current(c) + 12 * wet) * c.trait("turbid", 0.7, 1.6) * c.lognormal("Turbidity", 0.15);
            case "TSS":
                return (7 + 14 * current(c) + 18 * wet) * c.trait("turbid", 0.7, 1.6) * c.lognormal("TSS", 0.15);
            case "COD":
                return 2.5 * c.trait("cod", 0.7, 1.5) * (1 + 0.2 * wet) * c.lognormal("COD", 0.15);
            case "NH4":
                return 0.08 * c.trait("nh4", 0.5, 2) * c.lognormal("NH4", 0.25);
            default:
                return river(symbol, c);
        }
    }

    private static double river(String symbol, Context c) {
        double wet = c.weather().wetness();
        double runoff = 1 + 0.9 * wet;
        switch (symbol) {
            case "Temp":
                return temperature(c, 0);
            case "pH":
                return 7.2 + 0.25 * c.local().photochemistry() - 0.1 * wet + 0.06 * c.noise("pH");
            case "DO":
                return 7.6 - 0.12 * (temperature(c, 0) - 22) + 0.7 * c.local().photochemistry() - 0.2 * wet
                        + 0.2 * c.noise("DO");
            case "EC":
                return 260 * c.trait("ec", 0.6, 1.8) / (1 + 0.3 * wet) * c.lognormal("EC", 0.05);
            case "TSS":
                return 18 * c.trait("tss", 0.6, 1.8) * runoff * runoff * c.lognormal("TSS", 0.2);
            case "Turbidity":
                return 15 * c.trait("tss", 0.6, 1.8) * runoff * runoff * c.lognormal("Turbidity", 0.2);
            case "COD":
                return 9 * c.trait("cod", 0.6, 1.7) * (1 + 0.25 * wet) * c.lognormal("COD", 0.15);
            case "TOC":
                return 3.8 * c.trait("cod", 0.6, 1.7) * (1 + 0.2 * wet) * c.lognormal("TOC", 0.15);
            case "NH4":
                return 0.22 * c.trait("nh4", 0.5, 2) * c.lognormal("NH4", 0.25);
            case "NO3":
                return 1.1 * c.trait("no3", 0.5, 2) * c.lognormal("NO3", 0.15);
            case "PO4":
                return 0.07 * c.trait("p", 0.5, 2) * c.lognormal("PO4", 0.2);
            case "TP":
                return 0.13 * c.trait("p", 0.5, 2) * (1 + 0.3 * wet) * c.lognormal("TP", 0.2);
            case "TN":
                return 1.2 * c.trait("n", 0.5, 1.8) * c.lognormal("TN", 0.15);
            case "Level":
                return 1.2 * c.trait("depth", 0.6, 2.5) + 0.6 * wet + 0.03 * c.noise("Level");
            case "Flow":
                return 900 * c.trait("size", 0.4, 3) * runoff * c.lognormal("Flow", 0.05);
            default:
                return wastewater(symbol, c);
        }
    }

    /**
     * Mines and factories work three shifts (06–14, 14–22, 22–06): discharge rises through a shift, dips at each
     * change-over, is lower on the night shift and on Sundays.
     */
    static double activity(StationTime lt) {
        double h = lt.hour();
        double changeover = lt.around(6, 0.4) + lt.around(14, 0.4) + lt.around(22, 0.4);
        double shift = h >= 22 || h < 6 ? 0.65 : 1.0;
        double day = lt.dayOfWeek() == DayOfWeek.SUNDAY ? 0.5 : 1.0;
        return Math.max(0.1, (shift - 0.45 * changeover) * day);
    }

    private static double wastewater(String symbol, Context c) {
        double a = activity(c.local());
        double wet = c.weather().wetness();
        switch (symbol) {
            case "Flow":
                return 160 * c.trait("flow", 0.3, 3) * (a + 0.15 * wet) * (1 + 0.06 * c.noise("Flow"));
            case "COD":
                return 38 * c.trait("cod", 0.6, 1.6) * (0.55 + 0.55 * a) * c.lognormal("COD", 0.18);
            case "TSS":
                return 28 * c.trait("tss", 0.6, 1.6) * (0.6 + 0.5 * a + 0.3 * wet) * c.lognormal("TSS", 0.2);
            case "NH4":
                return 2.4 * c.trait("nh4", 0.5, 1.8) * (0.7 + 0.3 * a) * c.lognormal("NH4", 0.2);
            case "pH":
                return 7.1 * c.trait("ph", 0.96, 1.04) + 0.12 * c.noise("pH");
            case "Temp":
                return temperature(c, 3) + 1.2 * a;
            case "Color":
                return 32 * c.trait("color", 0.5, 1.8) * (0.7 + 0.3 * a) * c.lognormal("Color", 0.15);
            case "Fe":
                return 0.7 * c.trait("fe", 0.4, 2.2) * (0.7 + 0.3 * a) * c.lognormal("Fe", 0.2);
            case "Mn":
                return 0.28 * c.trait("mn", 0.4, 2.2) * c.lognormal("Mn", 0.2);
            case "TP":
                return 1.1 * c.trait("p", 0.5, 2) * c.lognormal("TP", 0.2);
            case "TN":
                return 9 * c.trait("n", 0.5, 1.8) * c.lognormal("TN", 0.15);
            case "TOC":
                return 14 * c.trait("cod", 0.6, 1.6) * (0.6 + 0.4 * a) * c.lognormal("TOC", 0.15);
            case "DO":
                return 3.2 + 0.4 * c.noise("DO");
            case "EC":
                return 900 * c.trait("ec", 0.5, 2) * c.lognormal("EC", 0.05);
            default:
                return AirSignals.generic(c, symbol);
        }
    }
}
