package org.quantrac.portal.query;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The row types the queries return. */
public final class Rows {

    private Rows() {
    }

    /** One stored reading. */
    public record ReadingRow(Instant time, int parameterId, double value, int status, int qcFlags) {
    }

    /**
     * An hourly or daily aggregate of valid readings.
     *
     * @param start        the period's first instant
     * @param day          the local date for daily rows, else null
     * @param completeness valid readings / expected readings (at most 1)
     * @param valid        completeness reached the processor's threshold (75 %)
     */
    public record AggregateRow(Instant start, LocalDate day, int parameterId, Double avg, Double min, Double max,
                               int validCount, int totalCount, int expectedCount, double completeness,
                               boolean valid) {
    }

    /** An hourly or daily AQI. {@code aqi} is null when the data did not allow one (no PM value). */
    public record AqiRow(Instant start, LocalDate day, String index, Integer aqi, String dominant,
                         String subIndicesJson) {
    }

    /** The newest reading of one station's parameter. */
    public record LatestValue(int stationId, int parameterId, Instant time, double value, int status, int qcFlags) {
    }

    /** A public alert (no acknowledgement comments: those are internal). */
    public record AlertRow(long id, String stationCode, String ruleId, Integer parameterId, String severity,
                           String state, String source, Instant conditionSince, Instant openedAt, double openValue,
                           Double limitValue, Instant acknowledgedAt, Instant resolvedAt) {
    }

    /** One page of rows and where the next one starts. */
    public record Page<T>(List<T> rows, Optional<Cursor> next) {
    }
}
