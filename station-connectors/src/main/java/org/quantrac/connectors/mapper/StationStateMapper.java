package org.quantrac.connectors.mapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.quantrac.core.record.v1.StationEvent;
import org.quantrac.core.station.StationCatalog;

/**
 * The retained {@code stations/{code}/state} message ({@code {"state":"online","time":"…"}}, last will
 * {@code {"state":"offline"}}) as a {@link StationEvent}.
 */
public final class StationStateMapper {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Either the event or why the message was rejected; both empty for an empty payload (a cleared retain). */
    public record StateMapping(String stationCode, Optional<StationEvent> event, List<Rejection> rejections) {
    }

    private final StationCatalog catalog;
    private final Clock clock;
    private final String connector;

    public StationStateMapper(StationCatalog catalog, Clock clock, String connector) {
        this.catalog = catalog;
        this.clock = clock;
        this.connector = connector;
    }

    public StateMapping map(String stationCode, byte[] payload) {
        Instant now = clock.instant();
        if (payload.length == 0) {
            return new StateMapping(stationCode, Optional.empty(), List.of());
        }
        if (catalog.byCode(stationCode).isEmpty()) {
            return rejected(stationCode, RejectReason.UNKNOWN_STATION, "station '" + stationCode
                    + "' is not in the catalog; register it first");
        }
        JsonNode root;
        try {
            root = payload.length > 4096 ? null : JSON.readTree(payload);
        } catch (IOException e) {
            return rejected(stationCode, RejectReason.MALFORMED_JSON, "state is not JSON {\"state\":\"online\"}");
        }
        if (root == null) {
            return rejected(stationCode, RejectReason.PAYLOAD_TOO_LARGE, "a state message is at most 4096 bytes");
        }
        JsonNode state = root.get("state");
        if (!root.isObject() || state == null || !state.isTextual()) {
            return rejected(stationCode, RejectReason.MALFORMED_JSON,
                    "state must be {\"state\":\"online\"|\"offline\",\"time\":\"…\"}");
        }
        StationEvent.Kind kind;
        switch (state.asText().toLowerCase(Locale.ROOT)) {
            case "online": kind = StationEvent.Kind.CONNECTED; break;
            case "offline": kind = StationEvent.Kind.DISCONNECTED; break;
            default: return rejected(stationCode, RejectReason.MALFORMED_JSON, "state '" + state.asText()
                    + "' is neither online nor offline");
        }
        Instant time = now;
        JsonNode timeNode = root.get("time");
        if (timeNode != null && timeNode.isTextual()) {
            try {
                time = OffsetDateTime.parse(timeNode.asText()).toInstant();
            } catch (DateTimeParseException e) {
                return rejected(stationCode, RejectReason.BAD_TIME, "state time '" + timeNode.asText()
                        + "' is not ISO 8601 with an offset");
            }
        }
        return new StateMapping(stationCode, Optional.of(StationEvent.newBuilder()
                .setStationCode(stationCode)
                .setKind(kind)
                .setTimeMs(time.toEpochMilli())
                .setDetail("MQTT state " + state.asText())
                .setConnector(connector)
                .build()), List.of());
    }

    private static StateMapping rejected(String code, RejectReason reason, String detail) {
        return new StateMapping(code, Optional.empty(), List.of(new Rejection(reason, detail)));
    }
}
