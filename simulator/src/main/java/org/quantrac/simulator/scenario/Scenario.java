package org.quantrac.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quantrac.core.station.StationKind;

/**
 * A scripted run: calibration plans and faults at known simulated times (format: docs/scenarios.md). Times are
 * absolute (ISO 8601 with offset) or relative to the simulation start ({@code +10m}).
 */
public record Scenario(List<CalibrationPlan> calibrations, List<Fault> faults) {

    public static final Scenario NONE = new Scenario(List.of(), List.of());
    private static final Pattern DURATION = Pattern.compile("(-)?(\\d+)\\s*(ms|s|m|h|d)");
    private static final Set<String> FAULT_KEYS = Set.of("type", "stations", "kinds", "parameter", "at", "duration",
            "backlog", "period", "ratePerHour", "probability", "factor", "peak", "value", "batch", "delay", "skew",
            "downtime");

    public Scenario {
        calibrations = List.copyOf(calibrations);
        faults = List.copyOf(faults);
    }

    public static Scenario load(Path file, Instant start) {
        try {
            return parse(Files.readString(file), start, file.toString());
        } catch (IOException e) {
            throw new ScenarioException("cannot read scenario " + file + ": " + e.getMessage());
        }
    }

    public static Scenario parse(String yaml, Instant start, String origin) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new ScenarioException(origin + " is not valid YAML: " + e.getMessage());
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return NONE;
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("calibration") && !k.equals("faults")) {
                throw new ScenarioException(origin + ": unknown top-level key '" + k + "' (expected calibration, faults)");
            }
        }
        List<CalibrationPlan> calibrations = new ArrayList<>();
        JsonNode cal = root.path("calibration");
        for (int i = 0; i < cal.size(); i++) {
            calibrations.add(calibration(cal.get(i), i, origin + ": calibration[" + i + "]"));
        }
        List<Fault> faults = new ArrayList<>();
        JsonNode fs = root.path("faults");
        for (int i = 0; i < fs.size(); i++) {
            faults.add(fault(fs.get(i), i, start, origin + ": faults[" + i + "]"));
        }
        return new Scenario(calibrations, faults);
    }

    /**
     * Faults given on the command line ({@code --fault}), separated by {@code ;}, each as {@code key=value} words:
     * {@code type=offline stations=QN-AQ-01,QN-AQ-02 at=+10m duration=30m backlog=false}.
     */
    public static Scenario inline(String specs, Instant start) {
        List<Fault> faults = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        int i = 0;
        for (String spec : specs.split(";")) {
            if (spec.isBlank()) {
                continue;
            }
            String where = "--fault '" + spec.trim() + "'";
            com.fasterxml.jackson.databind.node.ObjectNode n = json.createObjectNode();
            for (String word : spec.trim().split("\\s+")) {
                int eq = word.indexOf('=');
                if (eq <= 0) {
                    throw new ScenarioException(where + ": '" + word + "' is not key=value");
                }
                String key = word.substring(0, eq);
                String value = word.substring(eq + 1);
                if (key.equals("stations") || key.equals("kinds")) {
                    com.fasterxml.jackson.databind.node.ArrayNode list = n.putArray(key);
                    if (key.equals("stations") && value.equalsIgnoreCase("all")) {
                        n.put(key, "all");
                    } else {
                        for (String v : value.split(",")) {
                            list.add(v);
                        }
                    }
                } else {
                    n.put(key, value);
                }
            }
            faults.add(fault(n, i++, start, where));
        }
        return new Scenario(List.of(), faults);
    }

    /** This scenario with another's calibration plans and faults after its own (renumbered). */
    public Scenario plus(Scenario other) {
        List<CalibrationPlan> cal = new ArrayList<>(calibrations);
        for (CalibrationPlan p : other.calibrations) {
            cal.add(new CalibrationPlan(cal.size(), p.stations(), p.weekday(), p.start(), p.duration()));
        }
        List<Fault> fs = new ArrayList<>(faults);
        for (Fault f : other.faults) {
            fs.add(new Fault(fs.size(), f.type(), f.stations(), f.parameter(), f.from(), f.to(), f.backlog(),
                    f.period(), f.ratePerHour(), f.probability(), f.factor(), f.peak(), f.value(), f.batch(),
                    f.delay(), f.skew(), f.downtime()));
        }
        return new Scenario(cal, fs);
    }

    private static CalibrationPlan calibration(JsonNode n, int index, String where) {
        Duration duration = duration(required(n, "duration", where), where + ".duration");
        StationFilter stations = stations(n, where);
        if (n.hasNonNull("daily")) {
            return new CalibrationPlan(index, stations, Optional.empty(), time(n.get("daily").asText(), where + ".daily"),
                    duration);
        }
        String weekly = required(n, "weekly", where + " (daily: \"HH:mm\" or weekly: \"SUN HH:mm\")").asText().trim();
        String[] parts = weekly.split("\\s+");
        if (parts.length != 2) {
            throw new ScenarioException(where + ".weekly = '" + weekly + "': expected a day and a time, e.g. SUN 03:00");
        }
        DayOfWeek day = null;
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(parts[0].toUpperCase(Locale.ROOT)) && parts[0].length() >= 3) {
                day = d;
            }
        }
        if (day == null) {
            throw new ScenarioException(where + ".weekly = '" + weekly + "': unknown day '" + parts[0] + "'");
        }
        return new CalibrationPlan(index, stations, Optional.of(day), time(parts[1], where + ".weekly"), duration);
    }

    private static Fault fault(JsonNode n, int index, Instant start, String where) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!FAULT_KEYS.contains(k)) {
                throw new ScenarioException(where + ": unknown key '" + k + "'; known: " + FAULT_KEYS);
            }
        }
        FaultType type = FaultType.parse(required(n, "type", where).asText(), where + ".type");
        StationFilter stations = stations(n, where);
        Instant from = instant(required(n, "at", where).asText(), start, where + ".at");
        Duration duration = duration(required(n, "duration", where), where + ".duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new ScenarioException(where + ".duration must be positive");
        }
        Optional<String> parameter = Optional.ofNullable(n.get("parameter")).map(JsonNode::asText);
        if (type == FaultType.EPISODE && parameter.isEmpty()) {
            throw new ScenarioException(where + ": an episode needs a parameter (e.g. parameter: \"PM2,5\")");
        }
        Duration period = n.has("period") ? duration(n.get("period"), where + ".period") : Duration.ofMinutes(10);
        int batch = n.path("batch").asInt(5);
        if (batch < 2) {
            throw new ScenarioException(where + ".batch must be at least 2");
        }
        return new Fault(index, type, stations, parameter, from, from.plus(duration),
                n.path("backlog").asBoolean(true), period,
                n.path("ratePerHour").asDouble(0.05), n.path("probability").asDouble(0.05),
                n.path("factor").asDouble(type == FaultType.SPIKES ? 8 : 4),
                n.hasNonNull("peak") ? Optional.of(n.get("peak").asDouble()) : Optional.empty(),
                n.hasNonNull("value") ? Optional.of(n.get("value").asDouble()) : Optional.empty(),
                batch,
                n.has("delay") ? duration(n.get("delay"), where + ".delay") : Duration.ofMinutes(30),
                n.has("skew") ? duration(n.get("skew"), where + ".skew") : Duration.ofMinutes(10),
                n.has("downtime") ? duration(n.get("downtime"), where + ".downtime") : duration);
    }

    private static JsonNode required(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new ScenarioException(where + ": '" + key + "' is required");
        }
        return v;
    }

    private static StationFilter stations(JsonNode n, String where) {
        JsonNode st = n.get("stations");
        JsonNode kinds = n.get("kinds");
        if (st == null && kinds == null) {
            throw new ScenarioException(where + ": say which stations: stations: all, stations: [CODE, …] or kinds:"
                    + " [AMBIENT_AIR, …]");
        }
        boolean all = st != null && st.isTextual() && st.asText().equalsIgnoreCase("all");
        Set<String> codes = new HashSet<>();
        if (st != null && !all) {
            if (st.isTextual()) {
                codes.add(st.asText().trim());
            } else {
                st.forEach(c -> codes.add(c.asText().trim()));
            }
        }
        Set<StationKind> ks = new HashSet<>();
        if (kinds != null) {
            for (JsonNode k : kinds.isArray() ? kinds : List.of(kinds)) {
                try {
                    ks.add(StationKind.valueOf(k.asText().trim().toUpperCase(Locale.ROOT).replace('-', '_')));
                } catch (IllegalArgumentException e) {
                    throw new ScenarioException(where + ".kinds: unknown kind '" + k.asText() + "'; known: "
                            + java.util.Arrays.toString(StationKind.values()));
                }
            }
        }
        return new StationFilter(all, codes, ks);
    }

    /** {@code +10m} (after the simulation start) or ISO 8601 with an offset. */
    static Instant instant(String text, Instant start, String where) {
        String t = text.trim();
        if (t.startsWith("+")) {
            return start.plus(duration(t.substring(1), where));
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new ScenarioException(where + " = '" + text + "': expected +DURATION (after the start, e.g. +10m) or"
                    + " ISO 8601 with an offset, e.g. 2026-11-28T08:00:00+07:00");
        }
    }

    private static Duration duration(JsonNode n, String where) {
        return duration(n.asText(), where);
    }

    static Duration duration(String text, String where) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long v = Long.parseLong(m.group(2)) * (m.group(1) == null ? 1 : -1);
            switch (m.group(3)) {
                case "ms": return Duration.ofMillis(v);
                case "s": return Duration.ofSeconds(v);
                case "m": return Duration.ofMinutes(v);
                case "h": return Duration.ofHours(v);
                default: return Duration.ofDays(v);
            }
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new ScenarioException(where + " = '" + text + "': expected a duration such as 30s, 10m, 2h, -5m");
        }
    }

    private static LocalTime time(String text, String where) {
        try {
            return LocalTime.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new ScenarioException(where + " = '" + text + "': expected a local time HH:mm (UTC+7)");
        }
    }
}
