package org.quantrac.connectors.mapper;

import java.util.OptionalDouble;
import java.util.regex.Pattern;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.parameter.UnitConversion;
import org.quantrac.core.reading.StationStatus;
import org.quantrac.core.record.RecordMapping;
import org.quantrac.core.record.v1.Measurement;
import org.quantrac.core.station.Station;

/** Turns one (symbol, value, unit, status) of a station into a {@link Measurement} in the canonical unit. */
final class MeasurementReader {

    /** Plain decimal numbers; a decimal comma is accepted (Vietnamese locale dataloggers write {@code 35,2}). */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+([.,]\\d*)?|[.,]\\d+)([eE][-+]?\\d+)?");

    private MeasurementReader() {
    }

    /** Either a measurement or why it was rejected. */
    record Outcome(Measurement measurement, Rejection rejection) {

        static Outcome rejected(RejectReason reason, String detail) {
            return new Outcome(null, new Rejection(reason, detail));
        }

        boolean accepted() {
            return measurement != null;
        }
    }

    /**
     * @param value     NaN when the input was not a number
     * @param valueText the value as the station wrote it, for the rejection's detail; null for a finite number
     *                  (then written from {@code value}: no string per reading on the hot path)
     * @param unit      blank means the parameter's canonical unit
     * @param status    blank means measuring ({@code 00})
     */
    static Outcome read(Station station, String symbol, double value, String valueText, String unit, String status) {
        Parameter parameter = station.parameter(symbol).orElse(null);
        if (parameter == null) {
            return Outcome.rejected(RejectReason.UNKNOWN_PARAMETER, "station " + station.code() + " does not measure '"
                    + symbol + "'; it measures " + symbols(station));
        }
        if (!Double.isFinite(value)) {
            return Outcome.rejected(RejectReason.NOT_A_NUMBER, parameter.symbol() + ": value '" + valueText
                    + "' is not a finite number; report instrument faults with status 02");
        }
        StationStatus parsedStatus = status == null || status.isBlank() ? StationStatus.MEASURING
                : StationStatus.fromCode(status).orElse(null);
        if (parsedStatus == null) {
            return Outcome.rejected(RejectReason.BAD_STATUS, parameter.symbol() + ": status '" + status
                    + "' is not one of 00 (measuring), 01 (calibrating), 02 (device error)");
        }
        OptionalDouble canonical = UnitConversion.toCanonical(parameter, value, unit);
        if (canonical.isEmpty()) {
            return Outcome.rejected(RejectReason.UNKNOWN_UNIT, parameter.symbol() + ": unit '" + unit
                    + "' cannot be converted to the canonical unit " + parameter.unit() + "; send " + parameter.unit());
        }
        if (!Double.isFinite(canonical.getAsDouble())) {
            return Outcome.rejected(RejectReason.NOT_A_NUMBER, parameter.symbol() + ": value "
                    + (valueText == null ? String.valueOf(value) : valueText) + " " + unit
                    + " overflows when converted to " + parameter.unit());
        }
        return new Outcome(Measurement.newBuilder()
                .setParameterId(parameter.id())
                .setValue(canonical.getAsDouble())
                .setStatus(RecordMapping.toRecord(parsedStatus))
                .build(), null);
    }

    /** Parses a number written as text (TT10), or NaN when it is not a plain decimal number. */
    static double parseDecimal(String text) {
        String t = text.trim();
        if (!DECIMAL.matcher(t).matches()) {
            return Double.NaN;
        }
        return Double.parseDouble(t.replace(',', '.'));
    }

    private static String symbols(Station station) {
        StringBuilder sb = new StringBuilder();
        for (Parameter p : station.parameters()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(p.symbol());
        }
        return sb.toString();
    }
}
