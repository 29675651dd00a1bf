package org.quantrac.simulator.mqtt;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.quantrac.simulator.signal.Measurement;
import org.quantrac.simulator.signal.Observation;
import org.quantrac.simulator.signal.StationClock;

/** The MQTT JSON observation of docs/station-protocol.md. */
public final class JsonPayload {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonPayload() {
    }

    /**
     * Written straight to UTF-8 bytes with Jackson's generator (the same bytes a tree of nodes serialised to a string
     * gave, without building the tree, the string and its copy: this runs for every message of a scale run).
     */
    public static byte[] encode(Observation o) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(128 + 96 * o.values().size());
        try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            write(g, o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Several observations of one station in one message: a JSON array of observation objects. */
    public static byte[] encode(List<Observation> batch) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(batch.size() * (128 + 96 * batch.get(0).values().size()));
        try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartArray();
            for (Observation o : batch) {
                write(g, o);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void write(JsonGenerator g, Observation o) throws IOException {
        g.writeStartObject();
        g.writeStringField("station", o.station().code());
        g.writeStringField("time", StationClock.iso(o.time()));
        g.writeArrayFieldStart("values");
        for (Measurement m : o.values()) {
            g.writeStartObject();
            g.writeStringField("parameter", m.parameter().symbol());
            g.writeNumberField("value", m.value());
            g.writeStringField("unit", m.parameter().unit());
            g.writeStringField("status", m.status().code());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The retained state message: {@code {"state":"online","time":"…"}} or the last will {@code {"state":"offline"}}. */
    public static byte[] state(boolean online, java.time.Instant time) {
        String s = online
                ? "{\"state\":\"online\",\"time\":\"" + StationClock.iso(time) + "\"}"
                : "{\"state\":\"offline\"}";
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
