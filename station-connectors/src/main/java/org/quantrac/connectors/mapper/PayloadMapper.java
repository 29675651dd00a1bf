package org.quantrac.connectors.mapper;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;

/**
 * Validates a station's payload and maps it to {@code Observation} records (docs/station-protocol.md). Pure: no I/O,
 * never throws on bad input; what cannot be accepted comes back as rejections with a reason code.
 */
public final class PayloadMapper {

    private final StationCatalog catalog;
    private final IngestRules rules;
    private final Clock clock;

    public PayloadMapper(StationCatalog catalog, IngestRules rules, Clock clock) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param stationCode the station the transport says sent it (topic segment, file name)
     * @param sourceRef   MQTT topic or file name, kept in the records for diagnostics
     */
    public MappingResult map(String stationCode, PayloadFormat format, byte[] payload, String sourceRef) {
        Instant now = clock.instant();
        if (payload.length > rules.maxPayloadBytes()) {
            return MappingResult.rejected(stationCode, now.toEpochMilli(), RejectReason.PAYLOAD_TOO_LARGE, "payload of " + payload.length
                    + " bytes is over the limit of " + rules.maxPayloadBytes() + " bytes; split the observation");
        }
        Station station = catalog.byCode(stationCode).orElse(null);
        if (station == null) {
            return MappingResult.rejected(stationCode, now.toEpochMilli(), RejectReason.UNKNOWN_STATION, "station '" + stationCode
                    + "' is not in the catalog; register it first");
        }
        switch (format) {
            case JSON:
                return JsonPayloadMapper.map(station, payload, sourceRef, now, rules);
            case TT10:
            case TT10_FILE:
                return Tt10PayloadMapper.map(station, payload, format, sourceRef, now, rules);
            default:
                throw new IllegalArgumentException(format + " values are mapped by OpcUaValueMapper, not from text");
        }
    }

    public IngestRules rules() {
        return rules;
    }
}
