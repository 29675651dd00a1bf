package org.quantrac.portal.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Streaming JSON output: series are written row by row, never built as object trees. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    /** Writes the fields of one JSON object. */
    @FunctionalInterface
    public interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private Json() {
    }

    /** {@code {…}} with the given fields. */
    public static String object(Body fields) {
        return new String(bytes(g -> {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        }), StandardCharsets.UTF_8);
    }

    /** Anything written by {@code body} (which writes one whole value). */
    public static byte[] bytes(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** ISO 8601 with the offset of the zone, e.g. {@code 2026-11-27T08:00:00+07:00}. */
    public static String time(Instant t, ZoneId zone) {
        return t == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atZone(zone).toOffsetDateTime());
    }

    public static void nullableNumber(JsonGenerator g, String field, Double v) throws IOException {
        if (v == null || v.isNaN()) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, v);
        }
    }
}
