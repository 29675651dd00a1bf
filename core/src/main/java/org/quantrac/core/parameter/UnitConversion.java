package org.quantrac.core.parameter;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Converts a value given in a station's unit to the parameter's canonical unit.
 *
 * <p>Units are compared after normalisation (case, "µ"/"u"/"ug", superscripts, "N" for normal conditions), so
 * {@code mg/Nm3}, {@code mg/Nm³} and {@code MG/NM3} are the same. Gas ppm/ppb are converted with the parameter's molar
 * mass at 25 °C and 1 atm (molar volume 24.45 L), the reference of QCVN 05:2023.
 */
public final class UnitConversion {

    private static final double MOLAR_VOLUME_L = 24.45;

    /** Factor to multiply a value by, per (from, to) pair of normalised units. */
    private static final Map<String, Double> FACTORS = Map.ofEntries(
            Map.entry("mg/m3>ug/m3", 1000.0),
            Map.entry("ug/m3>mg/m3", 0.001),
            Map.entry("g/m3>mg/m3", 1000.0),
            Map.entry("ug/l>mg/l", 0.001),
            Map.entry("g/l>mg/l", 1000.0),
            Map.entry("mg/l>ug/l", 1000.0),
            Map.entry("m3/s>m3/h", 3600.0),
            Map.entry("l/s>m3/h", 3.6),
            Map.entry("m3/d>m3/h", 1.0 / 24),
            Map.entry("m3/day>m3/h", 1.0 / 24),
            Map.entry("kpa>hpa", 10.0),
            Map.entry("mbar>hpa", 1.0),
            Map.entry("pa>hpa", 0.01),
            Map.entry("ms/cm>us/cm", 1000.0),
            Map.entry("ppt>‰", 1.0),
            Map.entry("psu>‰", 1.0),
            Map.entry("g/kg>‰", 1.0),
            Map.entry("ptco>pt-co", 1.0),
            Map.entry("tcu>pt-co", 1.0),
            Map.entry("ftu>ntu", 1.0),
            Map.entry("mm/h>mm", 1.0),
            Map.entry("°>deg", 1.0),
            Map.entry("degree>deg", 1.0),
            Map.entry("%v>%", 1.0),
            Map.entry("%vol>%", 1.0));

    private UnitConversion() {
    }

    /**
     * The value in the parameter's canonical unit, or empty when the unit is unknown for this parameter.
     * A blank unit means the canonical unit.
     */
    public static OptionalDouble toCanonical(Parameter parameter, double value, String unit) {
        // The canonical unit as written (what our own stations send) needs no normalising: one check per reading.
        if (unit == null || unit.isBlank() || unit.equals(parameter.unit())) {
            return OptionalDouble.of(value);
        }
        String from = normalise(unit);
        String to = normalise(parameter.unit());
        if (from.equals(to)) {
            return OptionalDouble.of(value);
        }
        if (to.equals("°c")) {
            if (from.equals("k")) {
                return OptionalDouble.of(value - 273.15);
            }
            if (from.equals("°f")) {
                return OptionalDouble.of((value - 32) * 5 / 9);
            }
        }
        if (parameter.molarMass() > 0) {
            double mass = parameter.molarMass() / MOLAR_VOLUME_L; // 1 ppm = mass mg/m3
            switch (from + ">" + to) {
                case "ppm>ug/m3": return OptionalDouble.of(value * mass * 1000);
                case "ppb>ug/m3": return OptionalDouble.of(value * mass);
                case "ppm>mg/m3": return OptionalDouble.of(value * mass);
                case "ppb>mg/m3": return OptionalDouble.of(value * mass / 1000);
                default: break;
            }
        }
        Double factor = FACTORS.get(from + ">" + to);
        return factor == null ? OptionalDouble.empty() : OptionalDouble.of(value * factor);
    }

    static String normalise(String unit) {
        String u = unit.trim().toLowerCase(Locale.ROOT)
                .replace('³', '3')
                .replace("µ", "u")
                .replace("μ", "u") // Greek mu, as some dataloggers write it
                .replace(" ", "")
                .replace("nm3", "m3"); // normal cubic metre: stations already report at standard conditions
        if (u.equals("oc") || u.equals("degc") || u.equals("c")) {
            return "°c";
        }
        if (u.equals("of") || u.equals("degf")) {
            return "°f";
        }
        if (u.equals("ph") || u.equals("-")) {
            return "ph";
        }
        return u;
    }
}
