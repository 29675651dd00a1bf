package org.quantrac.connectors.mapper;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.quantrac.core.record.v1.Measurement;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.record.v1.Source;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;

/**
 * Values of one OPC UA publish response for a station as observations: grouped by source timestamp, each value
 * validated on its own (a bad node never drops the others).
 */
public final class OpcUaValueMapper {

    private final StationCatalog catalog;
    private final IngestRules rules;
    private final Clock clock;

    public OpcUaValueMapper(StationCatalog catalog, IngestRules rules, Clock clock) {
        this.catalog = catalog;
        this.rules = rules;
        this.clock = clock;
    }

    /**
     * @param status the station's current status code from its status node ("00", "01", "02"), or blank
     * @param endpoint the server's endpoint URL, kept as the records' source
     */
    public MappingResult map(String stationCode, List<NodeReading> readings, String status, String endpoint) {
        Instant now = clock.instant();
        Station station = catalog.byCode(stationCode).orElse(null);
        if (station == null) {
            return MappingResult.rejected(stationCode, now.toEpochMilli(), RejectReason.UNKNOWN_STATION, "station '"
                    + stationCode + "' of the OPC UA mapping is not in the catalog");
        }
        Map<Instant, List<Measurement>> byTime = new LinkedHashMap<>();
        Map<Instant, Set<Integer>> seen = new LinkedHashMap<>();
        List<Rejection> rejections = new ArrayList<>();
        for (NodeReading r : readings) {
            Instant time = r.sourceTime() == null ? now : r.sourceTime();
            String where = "node " + r.node() + " (" + r.parameter() + ")";
            if (r.badStatus() != null) {
                rejections.add(new Rejection(RejectReason.NOT_A_NUMBER, where + ": the server reports "
                        + r.badStatus() + " at " + time + "; no value"));
                continue;
            }
            Optional<Rejection> timeProblem = rules.checkTime(time, now);
            if (timeProblem.isPresent()) {
                rejections.add(new Rejection(timeProblem.get().reason(), where + ": " + timeProblem.get().detail()));
                continue;
            }
            double number = r.value() instanceof Number n ? n.doubleValue()
                    : r.value() instanceof String s ? MeasurementReader.parseDecimal(s) : Double.NaN;
            MeasurementReader.Outcome outcome = MeasurementReader.read(station, r.parameter(), number,
                    String.valueOf(r.value()), r.unit(), status);
            if (!outcome.accepted()) {
                rejections.add(new Rejection(outcome.rejection().reason(), where + ": "
                        + outcome.rejection().detail()));
            } else if (seen.computeIfAbsent(time, t -> new HashSet<>()).add(outcome.measurement().getParameterId())) {
                byTime.computeIfAbsent(time, t -> new ArrayList<>()).add(outcome.measurement());
            }
            // A second value of the same parameter and time is the same reading: the first one stands.
        }
        List<Observation> observations = new ArrayList<>();
        byTime.forEach((time, measurements) -> observations.add(Observation.newBuilder()
                .setStationId(station.id())
                .setTimeMs(time.toEpochMilli())
                .addAllMeasurements(measurements)
                .setSource(Source.OPCUA)
                .setReceivedMs(now.toEpochMilli())
                .setSourceRef(endpoint)
                .build()));
        return new MappingResult(stationCode, now.toEpochMilli(), observations, rejections);
    }
}
