package org.quantrac.simulator.signal;

import java.time.DayOfWeek;

/** Ambient air: particulates and gases responding to traffic, sunlight, inversions, season and weather. */
final class AirSignals {

    private AirSignals() {
    }

    static double value(String symbol, Context c) {
        StationTime lt = c.local();
        Weather w = c.weather();
        double level = c.trait("level", 0.7, 1.4);
        double weekday = lt.dayOfWeek() == DayOfWeek.SUNDAY ? 0.6 : 1.0;
        switch (symbol) {
            case "PM2,5":
                return pm25(c, level);
            case "PM10":
                return pm25(c, level) * c.trait("coarse", 1.55, 1.95) * (1 + 0.06 * Math.max(0, w.windSpeed() - 4))
                        * c.lognormal("PM10", 0.08);
            case "TSP":
                return pm25(c, level) * c.trait("coarse", 1.55, 1.95) * c.trait("tsp", 1.35, 1.7)
                        * c.lognormal("TSP", 0.1);
            case "NO2":
                return 20 * level * (1 + 1.2 * lt.traffic() + 0.35 * lt.inversion()) * Math.pow(w.dilution(), 0.7)
                        * (1 - 0.3 * lt.photochemistry()) * c.lognormal("NO2", 0.3);
            case "NO":
                return 5 * level * (0.25 + 2.8 * lt.traffic()) * w.dilution() * (1 - 0.6 * lt.photochemistry())
                        * c.lognormal("NO", 0.4);
            case "CO":
                return 650 * level * (1 + 0.9 * lt.traffic() + 0.45 * lt.inversion()) * Math.pow(w.dilution(), 0.6)
                        * (0.8 + 0.4 * lt.dryness()) * c.lognormal("CO", 0.25);
            case "O3": {
                double warmth = Weather.clamp((w.temperature() - 12) / 18, 0.2, 1.3);
                double sun = Weather.clamp(w.solar() / 600, 0.15, 1.2);
                return (16 + 110 * lt.photochemistry() * warmth * sun) * c.lognormal("O3", 0.2);
            }
            case "SO2": {
                // Coal power and mining: a background plus plumes when the wind brings them.
                double plume = Math.max(0, c.slow("so2-plume", 10) - 1.2) * 120;
                return (10 * level * (1 + 0.25 * lt.around(11, 4)) * Math.pow(w.dilution(), 0.5) + plume * weekday)
                        * c.lognormal("SO2", 0.35);
            }
            case "Temp":
                return w.temperature() + 0.4 * c.slow("temp-site", 48) + 0.08 * c.noise("Temp");
            case "RH":
                return w.humidity() + 1.5 * c.slow("rh-site", 48) + 0.3 * c.noise("RH");
            case "WS":
                return w.windSpeed() * c.trait("exposure", 0.8, 1.2);
            case "WD":
                return w.windDirection();
            case "P":
                return w.pressure() - c.trait("altitude", 0, 6);
            case "SR":
                return w.solar();
            case "Rain":
                // Rain gauge total over the sampling interval.
                return w.rain() * c.slotSeconds() / 3600.0;
            default:
                return generic(c, symbol);
        }
    }

    private static double pm25(Context c, double level) {
        StationTime lt = c.local();
        Weather w = c.weather();
        double season = 0.55 + 0.95 * lt.dryness();
        double diurnal = 1 + 0.5 * lt.inversion() + 0.3 * lt.traffic();
        return 18 * level * season * diurnal * Math.pow(w.dilution(), 0.6) * w.washout() * c.lognormal("PM2,5", 0.3);
    }

    /** A parameter this model does not know: a plausible positive series so new catalog entries still publish. */
    static double generic(Context c, String symbol) {
        return 10 * c.trait("generic:" + symbol, 0.5, 2) * c.lognormal(symbol, 0.2);
    }
}
