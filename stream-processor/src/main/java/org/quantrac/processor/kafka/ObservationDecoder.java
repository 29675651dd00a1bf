package org.quantrac.processor.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.parameter.ParameterCatalog;
import org.quantrac.core.record.v1.Measurement;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.processor.qc.QualityControl;
import org.quantrac.processor.qc.SeriesChecks;
import org.quantrac.processor.sink.ReadingBatch;

/**
 * Turns {@code Observation} records into reading rows of a batch, with their QC flags. Input our connectors cannot
 * produce (an unknown station or parameter, an undecodable record) is not stored but counted in {@link Rejects}: the
 * record's offset is still consumed, so one bad record never blocks a partition.
 */
public final class ObservationDecoder {

    private static final long MICROS_PER_MILLI = 1000L;

    private final StationCatalog stations;
    private final ParameterCatalog parameters;
    private final QualityControl qc;
    private final SeriesChecks series;
    private final Rejects rejects;

    /** @param series spike/flatline checks, or null to skip them */
    public ObservationDecoder(StationCatalog stations, QualityControl qc, SeriesChecks series, Rejects rejects) {
        this.stations = stations;
        this.parameters = stations.parameters();
        this.qc = qc;
        this.series = series;
        this.rejects = rejects;
    }

    /** Adds the rows of one record's value (an encoded {@code Observation}) to the batch; returns the rows added. */
    public int decode(byte[] value, ReadingBatch batch) {
        Observation observation;
        try {
            observation = Observation.parseFrom(value == null ? new byte[0] : value);
        } catch (InvalidProtocolBufferException e) {
            rejects.undecodable(e.getMessage());
            return 0;
        }
        int stationId = observation.getStationId();
        if (stations.byId(stationId).isEmpty()) {
            rejects.unknownStation(stationId, observation.getMeasurementsCount());
            return 0;
        }
        long micros = observation.getTimeMs() * MICROS_PER_MILLI;
        int added = 0;
        for (int i = 0; i < observation.getMeasurementsCount(); i++) {
            Measurement m = observation.getMeasurements(i);
            Parameter parameter = parameters.byId(m.getParameterId()).orElse(null);
            if (parameter == null) {
                rejects.unknownParameter(stationId, m.getParameterId());
                continue;
            }
            int status = m.getStatusValue();
            double v = m.getValue();
            int flags = qc.flags(parameter, v, status);
            if (series != null) {
                flags |= series.flags(stationId, parameter.id(), micros, v, flags);
            }
            batch.add(micros, stationId, parameter.id(), v, status, flags);
            added++;
        }
        return added;
    }
}
