package org.quantrac.simulator.truth;

import java.time.Instant;

/** One reading as the simulator sent it. */
public record TruthReading(String station, int stationId, String parameter, int parameterId, Instant time,
                           double value, String status) {
}
