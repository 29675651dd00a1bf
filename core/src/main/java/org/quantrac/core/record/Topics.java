package org.quantrac.core.record;

/** Kafka topic names. The version suffix changes only with an incompatible record schema. */
public final class Topics {

    /** {@code Observation} records, key = station code. */
    public static final String READINGS = "quantrac.readings.v1";
    /** {@code DeadLetter} records: rejected input with its reason. */
    public static final String READINGS_DLQ = "quantrac.readings.dlq.v1";
    /** {@code StationEvent} records: connectivity and health. */
    public static final String STATION_EVENTS = "quantrac.station-events.v1";
    /** Alert state changes. */
    public static final String ALERTS = "quantrac.alerts.v1";

    private Topics() {
    }
}
