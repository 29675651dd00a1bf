package org.quantrac.core.parameter;

import java.util.Objects;

/**
 * A measured quantity in its canonical unit.
 *
 * @param id        stable numeric id, stored in every reading row
 * @param medium    air, stack or water
 * @param symbol    the Circular 10/2021/TT-BTNMT symbol, e.g. {@code PM2,5}
 * @param name      English display name
 * @param unit      canonical unit; every value is converted to it before it is stored
 * @param min       lowest physically plausible value
 * @param max       highest physically plausible value
 * @param molarMass g/mol for gases (ppm/ppb conversion), or 0
 */
public record Parameter(int id, Medium medium, String symbol, String name, String unit, double min, double max,
                        double molarMass) {

    public Parameter {
        Objects.requireNonNull(medium, "medium");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(unit, "unit");
        if (id <= 0 || id > Short.MAX_VALUE) {
            throw new IllegalArgumentException("parameter id must be in 1.." + Short.MAX_VALUE + ": " + id);
        }
        if (!(min < max)) {
            throw new IllegalArgumentException("parameter " + symbol + ": min must be below max");
        }
    }

    /** Whether the value lies in the physically plausible range. */
    public boolean inRange(double value) {
        return value >= min && value <= max;
    }

    /** Unique key, e.g. {@code AIR/PM2,5}. */
    public String key() {
        return medium + "/" + symbol;
    }
}
