package org.quantrac.simulator.engine;

import java.util.List;
import org.quantrac.simulator.signal.Observation;

/**
 * What a station's datalogger does with a measured observation before (and whether) it reaches the wire: calibration
 * status, faults, outages with backlog replay. The plain behaviour sends every observation as measured.
 */
@FunctionalInterface
public interface StationBehaviour {

    StationBehaviour PLAIN = o -> List.of(Outgoing.of(o));

    /** The deliveries caused by one measured observation, in order (may be none, e.g. while offline). */
    List<Outgoing> shape(Observation measured);

    /** What the stations still hold when the run ends (backlog, delayed observations); sent before stopping. */
    default List<Outgoing> drain() {
        return List.of();
    }
}
