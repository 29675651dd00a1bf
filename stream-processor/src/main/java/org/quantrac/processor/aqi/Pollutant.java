package org.quantrac.processor.aqi;

import java.util.Optional;

/** The pollutants of the AQI, with the ambient-air parameter symbol (Circular 10/2021) they are measured as. */
public enum Pollutant {
    PM25("PM2,5", 0),
    PM10("PM10", 0),
    O3("O3", 47.997),
    SO2("SO2", 64.066),
    NO2("NO2", 46.006),
    CO("CO", 28.010);

    private final String symbol;
    private final double molarMass;

    Pollutant(String symbol, double molarMass) {
        this.symbol = symbol;
        this.molarMass = molarMass;
    }

    /** The AIR parameter symbol, e.g. {@code PM2,5}. */
    public String symbol() {
        return symbol;
    }

    /** g/mol for gases (µg/m³ ↔ ppb), 0 for particles. */
    public double molarMass() {
        return molarMass;
    }

    public boolean isParticle() {
        return this == PM25 || this == PM10;
    }

    public static Optional<Pollutant> bySymbol(String symbol) {
        for (Pollutant p : values()) {
            if (p.symbol.equalsIgnoreCase(symbol)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
