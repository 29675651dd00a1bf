package org.quantrac.alerting.rules;

import java.util.Locale;

/**
 * How far back inside the limit a value must come before an open alert clears, so a value hovering at the limit does
 * not open and resolve an alert at every reading: an absolute amount in the parameter's unit or a percentage of the
 * limit ({@code "5%"}).
 */
public record Hysteresis(double amount, boolean percent) {

    public static final Hysteresis NONE = new Hysteresis(0, false);

    public Hysteresis {
        if (!(amount >= 0) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException("hysteresis must be zero or positive: " + amount);
        }
    }

    /** Parses {@code 0.2} (absolute) or {@code 5%} (of the limit). */
    public static Hysteresis parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("%")) {
                return new Hysteresis(Double.parseDouble(t.substring(0, t.length() - 1).trim()) / 100.0, true);
            }
            return new Hysteresis(Double.parseDouble(t), false);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hysteresis '" + text + "' is invalid: expected a number (0.2) or a "
                    + "percentage of the limit (5%)");
        }
    }

    /** The margin for a limit. */
    public double margin(double limit) {
        return percent ? Math.abs(limit) * amount : amount;
    }

    @Override
    public String toString() {
        return percent ? (amount * 100) + "%" : String.valueOf(amount);
    }
}
