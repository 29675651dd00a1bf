package org.quantrac.simulator.signal;

/** Stack emissions (CEMS): concentrations and flue-gas state following the plant's load. */
final class StackSignals {

    private StackSignals() {
    }

    static double value(String symbol, Context c) {
        // Power plants and cement kilns run around the clock with a daytime load peak and slow load changes.
        double load = Weather.clamp(0.72 + 0.16 * c.local().around(14, 5) + 0.07 * c.slow("load", 6), 0.3, 1.1);
        double size = c.trait("size", 0.6, 1.6);
        switch (symbol) {
            case "Dust":
                return 32 * c.trait("dust", 0.5, 1.6) * load * c.lognormal("Dust", 0.22);
            case "SO2":
                return 260 * c.trait("sulphur", 0.5, 1.5) * load * c.lognormal("SO2", 0.15);
            case "NOx":
                return 300 * c.trait("nox", 0.6, 1.4) * (0.6 + 0.5 * load) * c.lognormal("NOx", 0.12);
            case "CO":
                return 55 * c.trait("co", 0.5, 2.0) * c.lognormal("CO", 0.35);
            case "O2":
                return 7.5 - 4 * (load - 0.8) + 0.35 * c.noise("O2");
            case "Temp":
                return 125 * c.trait("flue", 0.85, 1.3) + 40 * (load - 0.8) + 2.5 * c.noise("Temp");
            case "Flow":
                return 420_000 * size * load * (1 + 0.03 * c.noise("Flow"));
            default:
                return AirSignals.generic(c, symbol);
        }
    }
}
