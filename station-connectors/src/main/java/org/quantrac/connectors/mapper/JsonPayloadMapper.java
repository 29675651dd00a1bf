package org.quantrac.connectors.mapper;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
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

/** The JSON observation of {@code stations/{code}/data} (docs/station-protocol.md#mqtt-json). */
final class JsonPayloadMapper {

    /**
     * NaN and Infinity are read as numbers so that they are reported as NOT_A_NUMBER, which tells the operator more
     * than "malformed". Duplicate keys and trailing garbage are malformed: which of two values was meant is unknowable.
     */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonPayloadMapper() {
    }

    static MappingResult map(Station station, byte[] payload, String sourceRef, Instant now, IngestRules rules) {
        String code = station.code();
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (JacksonException e) {
            return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.MALFORMED_JSON, "not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.MALFORMED_JSON, "not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.MALFORMED_JSON,
                    "the payload must be a JSON object {\"time\": …, \"values\": […]}");
        }
        JsonNode claimed = root.get("station");
        if (claimed != null && !claimed.isNull()) {
            if (!claimed.isTextual()) {
                return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.MALFORMED_JSON, "\"station\" must be a string");
            }
            if (!claimed.asText().equals(code)) {
                return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.STATION_MISMATCH, "\"station\" is '"
                        + claimed.asText() + "' but the message was published on the topic of " + code
                        + "; publish on the station's own topic");
            }
        }
        JsonNode timeNode = root.get("time");
        if (timeNode == null || timeNode.isNull()) {
            return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.MISSING_FIELD,
                    "\"time\" is missing: send the measurement time in ISO 8601 with an offset, e.g. "
                            + "2026-11-28T07:05:00+07:00");
        }
        Instant time;
        try {
            time = parseTime(timeNode);
        } catch (IllegalArgumentException e) {
            return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.BAD_TIME, e.getMessage());
        }
        Optional<Rejection> timeProblem = rules.checkTime(time, now);
        if (timeProblem.isPresent()) {
            return new MappingResult(code, now.toEpochMilli(), List.of(), List.of(timeProblem.get()));
        }
        JsonNode values = root.get("values");
        if (values == null || values.isNull()) {
            return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.MISSING_FIELD, "\"values\" is missing");
        }
        if (!values.isArray()) {
            return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.MALFORMED_JSON, "\"values\" must be an array");
        }
        if (values.isEmpty()) {
            return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.MISSING_FIELD, "\"values\" is empty: send at least one");
        }
        List<Measurement> measurements = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            MeasurementReader.Outcome outcome = readValue(station, values.get(i), i);
            if (!outcome.accepted()) {
                rejections.add(outcome.rejection());
            } else if (!seen.add(outcome.measurement().getParameterId())) {
                rejections.add(new Rejection(RejectReason.MALFORMED_JSON, "values[" + i + "]: parameter '"
                        + values.get(i).get("parameter").asText() + "' is given twice; the first value is kept"));
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

    private static MeasurementReader.Outcome readValue(Station station, JsonNode entry, int index) {
        String where = "values[" + index + "]";
        if (!entry.isObject()) {
            return MeasurementReader.Outcome.rejected(RejectReason.MALFORMED_JSON, where
                    + " must be an object {\"parameter\": …, \"value\": …}");
        }
        JsonNode parameter = entry.get("parameter");
        if (parameter == null || !parameter.isTextual() || parameter.asText().isBlank()) {
            return MeasurementReader.Outcome.rejected(RejectReason.MALFORMED_JSON, where
                    + ": \"parameter\" must be the parameter's symbol as a string");
        }
        JsonNode value = entry.get("value");
        if (value == null) {
            return MeasurementReader.Outcome.rejected(RejectReason.MALFORMED_JSON, where + " (" + parameter.asText()
                    + "): \"value\" is missing");
        }
        JsonNode unit = entry.get("unit");
        if (unit != null && !unit.isNull() && !unit.isTextual()) {
            return MeasurementReader.Outcome.rejected(RejectReason.MALFORMED_JSON, where + " (" + parameter.asText()
                    + "): \"unit\" must be a string");
        }
        JsonNode status = entry.get("status");
        String statusText = status == null || status.isNull() ? ""
                : status.isTextual() || status.isIntegralNumber() ? status.asText() : status.toString();
        // Only JSON numbers are values: a string "35.2" usually hides a template bug that also breaks other fields.
        double number = value.isNumber() ? value.doubleValue() : Double.NaN;
        return MeasurementReader.read(station, parameter.asText(), number, value.toString(),
                unit == null || unit.isNull() ? "" : unit.asText(), statusText);
    }

    private static Instant parseTime(JsonNode node) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException("\"time\" must be an ISO 8601 string with an offset, e.g. "
                    + "2026-11-28T07:05:00+07:00, not " + node);
        }
        String text = node.asText().trim();
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
