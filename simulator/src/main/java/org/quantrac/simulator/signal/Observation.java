package org.quantrac.simulator.signal;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.quantrac.core.station.Station;

/** What a station sends at one measurement time: its parameters' values, each with a status. */
public record Observation(Station station, Instant time, List<Measurement> values) {

    public Observation {
        Objects.requireNonNull(station, "station");
        Objects.requireNonNull(time, "time");
        values = List.copyOf(values);
    }
}
