package org.quantrac.simulator.scenario;

import java.util.Locale;

/** What can go wrong at a station (docs/scenarios.md). */
public enum FaultType {
    /** The link is down; the datalogger keeps measuring and, with backlog, replays on reconnect. */
    OFFLINE,
    /** The link goes down and up: offline for the first half of every period. */
    FLAPPING,
    /** A sensor reads more and more off: value × (1 + rate × hours since the start). */
    DRIFT,
    /** A stuck sensor repeats the value it had when the fault began. */
    FLATLINE,
    /** Occasional readings multiplied by a factor. */
    SPIKES,
    /** Values outside the parameter's plausible range. */
    OUT_OF_RANGE,
    /** Every observation is sent twice. */
    DUPLICATES,
    /** Observations are held and sent in batches in reverse order. */
    OUT_OF_ORDER,
    /** Observations arrive late, all at once. */
    LATE,
    /** The datalogger's clock is off: measurement times are shifted. */
    CLOCK_SKEW,
    /** Payloads the connector cannot parse. */
    MALFORMED,
    /** The instrument reports an error: status 02. */
    DEVICE_FAULT,
    /** A calibration window: status 01, zero then span values. */
    CALIBRATION,
    /** A pollution episode: the parameter rises to a peak (crossing limits at known times) and falls back. */
    EPISODE,
    /** The OPC UA server stops for the duration, then starts again (history kept). */
    OPCUA_RESTART;

    /** The YAML spelling, e.g. {@code out-of-range}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static FaultType parse(String text, String where) {
        String n = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (FaultType t : values()) {
            if (t.name().equals(n)) {
                return t;
            }
        }
        StringBuilder known = new StringBuilder();
        for (FaultType t : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(t.yamlName());
        }
        throw new ScenarioException(where + ": unknown fault type '" + text + "'; known: " + known);
    }
}
