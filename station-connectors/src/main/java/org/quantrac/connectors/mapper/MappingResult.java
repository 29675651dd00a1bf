package org.quantrac.connectors.mapper;

import java.util.List;
import java.util.Objects;
import org.quantrac.core.record.v1.Observation;

/**
 * What one message became: its valid observations and what was rejected. A partly bad message has both.
 *
 * @param stationCode the station the message came from (the topic's or file's), as claimed
 * @param receivedMs  when the connector received it, epoch milliseconds
 */
public record MappingResult(String stationCode, long receivedMs, List<Observation> observations,
                            List<Rejection> rejections) {

    public MappingResult {
        Objects.requireNonNull(stationCode, "stationCode");
        observations = List.copyOf(observations);
        rejections = List.copyOf(rejections);
    }

    static MappingResult rejected(String stationCode, long receivedMs, RejectReason reason, String detail) {
        return new MappingResult(stationCode, receivedMs, List.of(), List.of(new Rejection(reason, detail)));
    }

    /** Number of accepted values over all observations. */
    public int acceptedValues() {
        int n = 0;
        for (Observation o : observations) {
            n += o.getMeasurementsCount();
        }
        return n;
    }
}
