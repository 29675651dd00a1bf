package org.quantrac.connectors.mapper;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.quantrac.core.record.v1.Measurement;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.station.Station;

/**
 * The JSON observation of {@code stations/{code}/data} (docs/station-protocol.md#mqtt-json), or an array of them
 * (a datalogger uploading several measurement times in one message, e.g. its backlog after an outage).
 *
 * <p>Read with Jackson's streaming parser into a small {@link Document} (no tree of nodes: this runs for every message
 * at the connector's full rate), then checked in the same order as before: syntax first (the whole payload), then
 * the station, the time and the values. Only unusual values (a non-number {@code value}, a non-string {@code time})
 * are read as trees, for the rejection's detail.
 */
final class JsonPayloadMapper {

    /**
     * NaN and Infinity are read as numbers so that they are reported as NOT_A_NUMBER, which tells the operator more
     * than "malformed". Duplicate keys and trailing garbage are malformed: which of two values was meant is unknowable
     * (trailing tokens are checked by {@link #read}: the mapper reads only sub-trees, in the middle of the payload).
     * Duplicate keys are checked by {@link DuplicateFields} while reading, and in the sub-trees read for a rejection's
     * detail by {@code FAIL_ON_READING_DUP_TREE_KEY}.
     */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private JsonPayloadMapper() {
    }

    /** A field's presence: absent, JSON null, or present with a value. */
    private enum Field { ABSENT, NULL, PRESENT }

    /**
     * One entry of {@code values}.
     *
     * @param object    false when the entry is not a JSON object (the other components are then unset)
     * @param parameter the symbol, null when absent or not a string
     * @param value     ABSENT when missing
     * @param number    the value as a double, NaN when it is not a JSON number
     * @param valueText the value as written, for rejections; null for finite numbers (see MeasurementReader)
     * @param unitIsText false when the unit is present and not a string or null
     * @param unit      blank when absent or null
     * @param status    blank when absent or null; integral numbers as written, other non-strings as JSON
     */
    private record Entry(boolean object, String parameter, Field value, double number, String valueText,
                         boolean unitIsText, String unit, String status) {
    }

    /** The fields of the payload that matter; {@code timeNode} only when time is present and not a string. */
    private static final class Document {
        Field station = Field.ABSENT;
        String stationText;
        boolean stationIsText;
        Field time = Field.ABSENT;
        String timeText;
        JsonNode timeNode;
        Field values = Field.ABSENT;
        boolean valuesIsArray;
        List<Entry> entries = List.of();
    }

    static MappingResult map(Station station, byte[] payload, String sourceRef, Instant now, IngestRules rules) {
        String code = station.code();
        Payload parsed;
        try (JsonParser p = JSON.createParser(payload)) {
            parsed = read(p);
        } catch (JacksonException e) {
            return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.MALFORMED_JSON, "not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.MALFORMED_JSON, "not valid JSON: " + e.getMessage());
        }
        if (parsed == null) {
            return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.MALFORMED_JSON,
                    "the payload must be a JSON object {\"time\": …, \"values\": […]} or an array of them");
        }
        if (!parsed.batch()) {
            return mapOne(station, parsed.documents().get(0), "", sourceRef, now, rules);
        }
        if (parsed.documents().isEmpty()) {
            return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.MISSING_FIELD,
                    "the array of observations is empty: send at least one");
        }
        // A batch (a datalogger's backlog upload): each observation is judged alone, so one bad element costs only
        // itself; details name the element.
        List<Observation> observations = new ArrayList<>(parsed.documents().size());
        List<Rejection> rejections = new ArrayList<>(0);
        for (int i = 0; i < parsed.documents().size(); i++) {
            Document doc = parsed.documents().get(i);
            String where = "[" + i + "] ";
            if (doc == null) {
                rejections.add(new Rejection(RejectReason.MALFORMED_JSON, where
                        + "must be an observation object {\"time\": …, \"values\": […]}"));
                continue;
            }
            MappingResult one = mapOne(station, doc, where, sourceRef, now, rules);
            observations.addAll(one.observations());
            rejections.addAll(one.rejections());
        }
        return new MappingResult(code, now.toEpochMilli(), observations, rejections);
    }

    /** One observation object; {@code where} prefixes every rejection's detail (the element of a batch, or empty). */
    private static MappingResult mapOne(Station station, Document doc, String where, String sourceRef, Instant now,
                                        IngestRules rules) {
        String code = station.code();
        if (doc.station == Field.PRESENT) {
            if (!doc.stationIsText) {
                return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.MALFORMED_JSON, where + "\"station\" must be a string");
            }
            if (!doc.stationText.equals(code)) {
                return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.STATION_MISMATCH, where + "\"station\" is '"
                        + doc.stationText + "' but the message was published on the topic of " + code
                        + "; publish on the station's own topic");
            }
        }
        if (doc.time != Field.PRESENT) {
            return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.MISSING_FIELD,
                    where + "\"time\" is missing: send the measurement time in ISO 8601 with an offset, e.g. "
                            + "2026-11-28T07:05:00+07:00");
        }
        Instant time;
        try {
            time = parseTime(doc);
        } catch (IllegalArgumentException e) {
            return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.BAD_TIME, where + e.getMessage());
        }
        Optional<Rejection> timeProblem = rules.checkTime(time, now);
        if (timeProblem.isPresent()) {
            Rejection r = timeProblem.get();
            return new MappingResult(code, now.toEpochMilli(), List.of(),
                    List.of(where.isEmpty() ? r : new Rejection(r.reason(), where + r.detail())));
        }
        if (doc.values != Field.PRESENT) {
            return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.MISSING_FIELD, where + "\"values\" is missing");
        }
        if (!doc.valuesIsArray) {
            return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.MALFORMED_JSON, where + "\"values\" must be an array");
        }
        if (doc.entries.isEmpty()) {
            return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.MISSING_FIELD, where + "\"values\" is empty: send at least one");
        }
        List<Measurement> measurements = new ArrayList<>(doc.entries.size());
        List<Rejection> rejections = new ArrayList<>(0);
        long seen = 0; // parameter ids seen so far; ids are small (a bitmask), with a set for any above 63
        Set<Integer> seenLarge = null;
        for (int i = 0; i < doc.entries.size(); i++) {
            Entry entry = doc.entries.get(i);
            MeasurementReader.Outcome outcome = readValue(station, entry, i);
            if (!outcome.accepted()) {
                Rejection r = outcome.rejection();
                rejections.add(where.isEmpty() ? r : new Rejection(r.reason(), where + r.detail()));
                continue;
            }
            int id = outcome.measurement().getParameterId();
            boolean first;
            if (id >= 0 && id < 64) {
                first = (seen & (1L << id)) == 0;
                seen |= 1L << id;
            } else {
                seenLarge = seenLarge == null ? new HashSet<>() : seenLarge;
                first = seenLarge.add(id);
            }
            if (!first) {
                rejections.add(new Rejection(RejectReason.MALFORMED_JSON, where + "values[" + i + "]: parameter '"
                        + entry.parameter() + "' is given twice; the first value is kept"));
            } else {
                measurements.add(outcome.measurement());
            }
        }
        List<Observation> observations = measurements.isEmpty() ? List.of() : List.of(Observation.newBuilder()
                .setStationId(station.id())
                .setTimeMs(time.toEpochMilli())
                .addAllMeasurements(measurements)
                .setSource(PayloadFormat.JSON.source())
                .setReceivedMs(now.toEpochMilli())
                .setSourceRef(sourceRef)
                .build());
        return new MappingResult(code, now.toEpochMilli(), observations, rejections);
    }

    /**
     * What the payload holds: one observation object, or a batch (an array whose elements are observation objects;
     * a null element stands for one that is not an object).
     */
    private record Payload(boolean batch, List<Document> documents) {
    }

    /**
     * The whole payload (so that a syntax error anywhere rejects it first); null when the root is neither an object
     * nor an array.
     */
    private static Payload read(JsonParser p) throws IOException {
        JsonToken root = p.nextToken();
        Payload payload = null;
        if (root == JsonToken.START_OBJECT) {
            List<Document> one = new ArrayList<>(1);
            one.add(readObject(p));
            payload = new Payload(false, one);
        } else if (root == JsonToken.START_ARRAY) {
            List<Document> documents = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT) {
                    documents.add(readObject(p));
                } else {
                    DuplicateFields.skip(p);
                    documents.add(null);
                }
            }
            payload = new Payload(true, documents);
        } else if (root != null) {
            DuplicateFields.skip(p);
        }
        if (root != null && p.nextToken() != null) {
            throw new JsonParseException(p, "Trailing token (of type " + p.currentToken() + ") found after value");
        }
        return payload;
    }

    /** One observation object; the parser is on its START_OBJECT and is left on its END_OBJECT. */
    private static Document readObject(JsonParser p) throws IOException {
        Document doc = new Document();
        DuplicateFields names = new DuplicateFields();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "station" -> {
                    names.known(p, name, 0);
                    doc.station = t == JsonToken.VALUE_NULL ? Field.NULL : Field.PRESENT;
                    doc.stationIsText = t == JsonToken.VALUE_STRING;
                    doc.stationText = doc.stationIsText ? p.getText() : null;
                    DuplicateFields.skip(p);
                }
                case "time" -> {
                    names.known(p, name, 1);
                    doc.time = t == JsonToken.VALUE_NULL ? Field.NULL : Field.PRESENT;
                    if (t == JsonToken.VALUE_STRING) {
                        doc.timeText = p.getText();
                    } else if (t != JsonToken.VALUE_NULL) {
                        doc.timeNode = JSON.readTree(p);
                    }
                }
                case "values" -> {
                    names.known(p, name, 2);
                    doc.values = t == JsonToken.VALUE_NULL ? Field.NULL : Field.PRESENT;
                    doc.valuesIsArray = t == JsonToken.START_ARRAY;
                    if (doc.valuesIsArray) {
                        doc.entries = entries(p);
                    } else {
                        DuplicateFields.skip(p);
                    }
                }
                default -> {
                    names.other(p, name);
                    DuplicateFields.skip(p);
                }
            }
        }
        return doc;
    }

    /** The entries of {@code values}; the parser is on its START_ARRAY and is left on its END_ARRAY. */
    private static List<Entry> entries(JsonParser p) throws IOException {
        List<Entry> entries = new ArrayList<>(12);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT) {
                DuplicateFields.skip(p);
                entries.add(new Entry(false, null, Field.ABSENT, Double.NaN, null, true, "", ""));
                continue;
            }
            String parameter = null;
            Field value = Field.ABSENT;
            double number = Double.NaN;
            String valueText = null;
            boolean unitIsText = true;
            String unit = "";
            String status = "";
            DuplicateFields names = new DuplicateFields();
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                JsonToken v = p.nextToken();
                switch (name) {
                    case "parameter" -> {
                        names.known(p, name, 0);
                        parameter = v == JsonToken.VALUE_STRING ? p.getText() : null;
                        DuplicateFields.skip(p);
                    }
                    case "value" -> {
                        names.known(p, name, 1);
                        value = Field.PRESENT;
                        if (v == JsonToken.VALUE_NUMBER_FLOAT || v == JsonToken.VALUE_NUMBER_INT) {
                            number = p.getDoubleValue();
                            valueText = Double.isFinite(number) ? null : p.getText();
                        } else {
                            // Only JSON numbers are values: a string "35.2" usually hides a template bug.
                            number = Double.NaN;
                            valueText = v == JsonToken.VALUE_NULL ? "null" : JSON.readTree(p).toString();
                        }
                    }
                    case "unit" -> {
                        names.known(p, name, 2);
                        unitIsText = v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NULL;
                        unit = v == JsonToken.VALUE_STRING ? p.getText() : "";
                        DuplicateFields.skip(p);
                    }
                    case "status" -> {
                        names.known(p, name, 3);
                        status = switch (v) {
                            case VALUE_NULL -> "";
                            case VALUE_STRING, VALUE_NUMBER_INT -> p.getText();
                            default -> JSON.readTree(p).toString();
                        };
                    }
                    default -> {
                        names.other(p, name);
                        DuplicateFields.skip(p);
                    }
                }
            }
            entries.add(new Entry(true, parameter, value, number, valueText, unitIsText, unit, status));
        }
        return entries;
    }

    private static MeasurementReader.Outcome readValue(Station station, Entry entry, int index) {
        if (!entry.object()) {
            return MeasurementReader.Outcome.rejected(RejectReason.MALFORMED_JSON, "values[" + index + "]"
                    + " must be an object {\"parameter\": …, \"value\": …}");
        }
        String parameter = entry.parameter();
        if (parameter == null || parameter.isBlank()) {
            return MeasurementReader.Outcome.rejected(RejectReason.MALFORMED_JSON, "values[" + index + "]"
                    + ": \"parameter\" must be the parameter's symbol as a string");
        }
        if (entry.value() == Field.ABSENT) {
            return MeasurementReader.Outcome.rejected(RejectReason.MALFORMED_JSON, "values[" + index + "] ("
                    + parameter + "): \"value\" is missing");
        }
        if (!entry.unitIsText()) {
            return MeasurementReader.Outcome.rejected(RejectReason.MALFORMED_JSON, "values[" + index + "] ("
                    + parameter + "): \"unit\" must be a string");
        }
        return MeasurementReader.read(station, parameter, entry.number(), entry.valueText(), entry.unit(),
                entry.status());
    }

    private static Instant parseTime(Document doc) {
        if (doc.timeText == null) {
            throw new IllegalArgumentException("\"time\" must be an ISO 8601 string with an offset, e.g. "
                    + "2026-11-28T07:05:00+07:00, not " + doc.timeNode);
        }
        String text = doc.timeText.trim();
        Instant common = OffsetTimes.parseCommon(text);
        if (common != null) {
            return common;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            if (isLocalDateTime(text)) {
                throw new IllegalArgumentException("\"time\" '" + text + "' has no offset; add it, e.g. "
                        + text + "+07:00 (a guessed zone shifts readings by hours)", e);
            }
            throw new IllegalArgumentException("\"time\" '" + text
                    + "' is not ISO 8601 with an offset, e.g. 2026-11-28T07:05:00+07:00", e);
        }
    }

    private static boolean isLocalDateTime(String text) {
        try {
            LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
