package org.quantrac.simulator.truth;

import java.time.Instant;
import java.util.Objects;

/**
 * Something the simulator did on purpose to a station during [from, to): a fault, an outage, a calibration window,
 * a pollution episode.
 *
 * @param type   e.g. {@code offline}, {@code calibration}, {@code episode}
 * @param detail free text, e.g. the parameter and factor of an episode
 */
public record TruthEvent(String type, String station, Instant from, Instant to, String detail) {

    public TruthEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(station, "station");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        detail = detail == null ? "" : detail;
    }
}
