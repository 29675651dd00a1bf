package org.quantrac.portal.query;

import java.util.Map;
import java.util.Optional;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.station.Station;

/**
 * The regulatory limit drawn on a station's chart and published with its parameters: QCVN 05:2023 for ambient air,
 * QCVN 08:2023 classes A/B/C for surface water, QCVN 40:2011 columns A/B (× Kq × Kf) for wastewater. Stack and coastal
 * limits are not published yet (the alerting module's rule data is the authority for alerts; this is for display).
 *
 * @param lower     lowest acceptable value (pH, dissolved oxygen), or null
 * @param upper     highest acceptable value, or null
 * @param averaging the averaging period the limit applies to ({@code 1h}, {@code 24h}, {@code sample})
 */
public record Limits(Double lower, Double upper, String averaging, String regulation) {

    private static final String QCVN05 = "QCVN 05:2023/BTNMT";
    private static final String QCVN08 = "QCVN 08:2023/BTNMT";
    private static final String QCVN40 = "QCVN 40:2011/BTNMT";

    private static final Map<String, Limits> AMBIENT = Map.of(
            "SO2", new Limits(null, 350.0, "1h", QCVN05),
            "CO", new Limits(null, 30_000.0, "1h", QCVN05),
            "NO2", new Limits(null, 200.0, "1h", QCVN05),
            "O3", new Limits(null, 200.0, "1h", QCVN05),
            "TSP", new Limits(null, 300.0, "1h", QCVN05),
            "PM2,5", new Limits(null, 50.0, "24h", QCVN05),
            "PM10", new Limits(null, 100.0, "24h", QCVN05));

    /** Class A, B, C values of QCVN 08:2023 (lower bound for DO and pH). */
    private static final Map<String, double[][]> SURFACE = Map.of(
            "pH", new double[][] {{6.5, 8.5}, {6.0, 8.5}, {6.0, 8.5}},
            "DO", new double[][] {{6.0, Double.NaN}, {5.0, Double.NaN}, {4.0, Double.NaN}},
            "COD", new double[][] {{Double.NaN, 10}, {Double.NaN, 15}, {Double.NaN, 20}},
            "TOC", new double[][] {{Double.NaN, 4}, {Double.NaN, 6}, {Double.NaN, 8}},
            "TSS", new double[][] {{Double.NaN, 25}, {Double.NaN, 100}, {Double.NaN, Double.NaN}},
            "TP", new double[][] {{Double.NaN, 0.1}, {Double.NaN, 0.3}, {Double.NaN, 0.5}},
            "TN", new double[][] {{Double.NaN, 0.6}, {Double.NaN, 1.5}, {Double.NaN, 2.0}});

    /** Column A, B of QCVN 40:2011; concentrations are multiplied by Kq × Kf, pH is not. */
    private static final Map<String, double[][]> WASTEWATER = Map.of(
            "pH", new double[][] {{6.0, 9.0}, {5.5, 9.0}},
            "COD", new double[][] {{Double.NaN, 75}, {Double.NaN, 150}},
            "TSS", new double[][] {{Double.NaN, 50}, {Double.NaN, 100}},
            "NH4", new double[][] {{Double.NaN, 5}, {Double.NaN, 10}});

    /** The limit of a station's parameter, if one is published. */
    public static Optional<Limits> of(Station station, Parameter parameter) {
        String symbol = parameter.symbol();
        switch (station.kind()) {
            case AMBIENT_AIR:
                return Optional.ofNullable(AMBIENT.get(symbol));
            case SURFACE_WATER: {
                int column = column(station, "ABC");
                double[][] v = SURFACE.get(symbol);
                return v == null || column < 0 ? Optional.empty() : make(v[column], 1.0, QCVN08 + " class "
                        + station.limitClass().orElse("?"));
            }
            case WASTEWATER: {
                int column = column(station, "AB");
                double[][] v = WASTEWATER.get(symbol);
                double factor = symbol.equals("pH") ? 1.0 : station.kq() * station.kf();
                return v == null || column < 0 ? Optional.empty() : make(v[column], factor, QCVN40 + " column "
                        + station.limitClass().orElse("?"));
            }
            default:
                return Optional.empty();
        }
    }

    private static int column(Station station, String classes) {
        return station.limitClass().map(c -> classes.indexOf(c.trim().toUpperCase(java.util.Locale.ROOT)))
                .orElse(-1);
    }

    private static Optional<Limits> make(double[] bounds, double factor, String regulation) {
        Double lower = Double.isNaN(bounds[0]) ? null : bounds[0];
        Double upper = Double.isNaN(bounds[1]) ? null : bounds[1] * factor;
        if (lower == null && upper == null) {
            return Optional.empty();
        }
        return Optional.of(new Limits(lower, upper, "sample", regulation));
    }
}
