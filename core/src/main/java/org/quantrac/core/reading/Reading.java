package org.quantrac.core.reading;

import java.time.Instant;
import java.util.Objects;

/**
 * One value of one parameter at one station and time. Identity = (stationId, parameterId, time): storing the same
 * reading twice leaves one row.
 *
 * @param value   in the parameter's canonical unit
 * @param qcFlags bit mask of {@link QcFlag}
 */
public record Reading(int stationId, int parameterId, Instant time, double value, StationStatus status, int qcFlags) {

    public Reading {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(status, "status");
    }
}
