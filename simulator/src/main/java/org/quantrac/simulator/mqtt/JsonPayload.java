package org.quantrac.simulator.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.quantrac.simulator.signal.Measurement;
import org.quantrac.simulator.signal.Observation;
import org.quantrac.simulator.signal.StationClock;

/** The MQTT JSON observation of docs/station-protocol.md. */
public final class JsonPayload {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonPayload() {
    }

    public static byte[] encode(Observation o) {
        ObjectNode root = JSON.createObjectNode();
        root.put("station", o.station().code());
        root.put("time", StationClock.iso(o.time()));
        ArrayNode values = root.putArray("values");
        for (Measurement m : o.values()) {
            ObjectNode v = values.addObject();
            v.put("parameter", m.parameter().symbol());
            v.put("value", m.value());
            v.put("unit", m.parameter().unit());
            v.put("status", m.status().code());
        }
        try {
            return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The retained state message: {@code {"state":"online","time":"…"}} or the last will {@code {"state":"offline"}}. */
    public static byte[] state(boolean online, java.time.Instant time) {
        String s = online
                ? "{\"state\":\"online\",\"time\":\"" + StationClock.iso(time) + "\"}"
                : "{\"state\":\"offline\"}";
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
