package org.quantrac.connectors.mapper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.quantrac.core.record.v1.Measurement;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.station.Station;

/**
 * Circular 10/2021/TT-BTNMT transmission text: {@code Symbol\tValue\tUnit\tYYYYMMDDhhmmss\tStatus} per line, local
 * time without offset. Lines with the same time form one observation; each bad line is rejected on its own.
 */
final class Tt10PayloadMapper {

    /** {@code uuuu} with STRICT resolution rejects 20261332…, which the lenient default would roll over. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(ResolverStyle.STRICT);

    private Tt10PayloadMapper() {
    }

    static MappingResult map(Station station, byte[] payload, PayloadFormat format, String sourceRef, Instant now,
                             IngestRules rules) {
        String code = station.code();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.MALFORMED_TT10, "the text is not UTF-8");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // byte order mark written by Windows dataloggers
        }
        Map<Instant, List<Measurement>> byTime = new LinkedHashMap<>();
        Map<Instant, Set<Integer>> seen = new LinkedHashMap<>();
        List<Rejection> rejections = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r", -1);
        int lineCount = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            lineCount++;
            String where = "line " + (i + 1);
            String[] f = line.split("\t", -1);
            if (f.length != 5) {
                rejections.add(new Rejection(RejectReason.MALFORMED_TT10, where + " has " + f.length
                        + " tab-separated fields, expected 5: Symbol, Value, Unit, YYYYMMDDhhmmss, Status: '"
                        + abbreviate(line) + "'"));
                continue;
            }
            Instant time;
            try {
                time = parseTime(f[3].trim(), rules.tt10Zone());
            } catch (DateTimeParseException e) {
                rejections.add(new Rejection(RejectReason.BAD_TIME, where + ": time '" + abbreviate(f[3])
                        + "' is not YYYYMMDDhhmmss"));
                continue;
            }
            Optional<Rejection> timeProblem = rules.checkTime(time, now);
            if (timeProblem.isPresent()) {
                rejections.add(new Rejection(timeProblem.get().reason(), where + ": "
                        + timeProblem.get().detail()));
                continue;
            }
            String valueText = f[1].trim();
            MeasurementReader.Outcome outcome = MeasurementReader.read(station, f[0].trim(),
                    MeasurementReader.parseDecimal(valueText), valueText, f[2].trim(), f[4].trim());
            if (!outcome.accepted()) {
                Rejection r = outcome.rejection();
                rejections.add(new Rejection(r.reason(), where + ": " + r.detail()));
            } else if (!seen.computeIfAbsent(time, t -> new HashSet<>())
                    .add(outcome.measurement().getParameterId())) {
                rejections.add(new Rejection(RejectReason.MALFORMED_TT10, where + ": parameter '" + f[0].trim()
                        + "' appears twice for time " + f[3].trim() + "; the first value is kept"));
            } else {
                byTime.computeIfAbsent(time, t -> new ArrayList<>()).add(outcome.measurement());
            }
        }
        if (lineCount == 0) {
            return MappingResult.rejected(code, now.toEpochMilli(), RejectReason.MALFORMED_TT10, "the text has no lines");
        }
        List<Observation> observations = new ArrayList<>();
        byTime.forEach((time, measurements) -> observations.add(Observation.newBuilder()
                .setStationId(station.id())
                .setTimeMs(time.toEpochMilli())
                .addAllMeasurements(measurements)
                .setSource(format.source())
                .setReceivedMs(now.toEpochMilli())
                .setSourceRef(sourceRef)
                .build()));
        return new MappingResult(code, now.toEpochMilli(), observations, rejections);
    }

    private static Instant parseTime(String text, ZoneId zone) {
        return LocalDateTime.parse(text, TIME).atZone(zone).toInstant();
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
