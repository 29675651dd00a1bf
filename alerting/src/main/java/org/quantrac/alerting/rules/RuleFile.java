package org.quantrac.alerting.rules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quantrac.core.station.StationKind;

/**
 * The YAML form of the rule data: rule sets (one regulation, or one class/column of it) with an effective date and a
 * source, their rules, and per-station overrides. See {@code default-rules.yaml} and docs/alerting.md.
 */
final class RuleFile {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d)");

    private RuleFile() {
    }

    /** The parsed content: every rule, and the overrides the file declares. */
    record Content(int version, List<AlertRule> rules, List<RuleOverride> overrides) {
    }

    static Content parse(InputStream in, String origin) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        FileModel file;
        try {
            file = yaml.readValue(in, FileModel.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(origin + " is not a valid rule file: " + e.getMessage(), e);
        }
        if (file == null || file.ruleSets() == null) {
            throw new IllegalArgumentException(origin + ": no ruleSets");
        }
        List<AlertRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (RuleSetModel set : file.ruleSets()) {
            for (RuleModel r : set.rules() == null ? List.<RuleModel>of() : set.rules()) {
                AlertRule rule;
                try {
                    rule = toRule(set, r);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(origin + ": rule set " + set.id() + ": " + e.getMessage(), e);
                }
                if (!ids.add(rule.id())) {
                    throw new IllegalArgumentException(origin + ": duplicate rule id " + rule.id()
                            + " (give one of them an explicit id)");
                }
                rules.add(rule);
            }
        }
        List<RuleOverride> overrides = new ArrayList<>();
        for (OverrideModel o : file.overrides() == null ? List.<OverrideModel>of() : file.overrides()) {
            if (o.station() == null || o.rule() == null) {
                throw new IllegalArgumentException(origin + ": an override needs station and rule");
            }
            if (!ids.contains(o.rule())) {
                throw new IllegalArgumentException(origin + ": override for station " + o.station()
                        + " names unknown rule " + o.rule());
            }
            overrides.add(new RuleOverride(o.station(), o.rule(), Optional.ofNullable(o.enabled()),
                    Optional.ofNullable(o.min()), Optional.ofNullable(o.max()), Optional.ofNullable(o.severity()),
                    Optional.ofNullable(o.persistFor()).map(p -> duration(p, "persistFor")), origin));
        }
        return new Content(file.version(), rules, overrides);
    }

    private static AlertRule toRule(RuleSetModel set, RuleModel r) {
        if (set.id() == null || set.source() == null || set.effectiveFrom() == null) {
            throw new IllegalArgumentException("a rule set needs id, source and effectiveFrom");
        }
        Defaults d = set.defaults() == null ? new Defaults(null, null, null, null, null) : set.defaults();
        RuleKind kind = r.kind() != null ? r.kind()
                : r.min() != null && r.max() != null ? RuleKind.RANGE
                : r.min() != null ? RuleKind.MIN
                : RuleKind.MAX;
        Duration window = duration(first(r.window(), d.window(), "0s"), "window");
        String id = r.id() != null ? r.id()
                : set.id() + "." + (r.parameter() != null ? r.parameter() : kind.name().toLowerCase(Locale.ROOT))
                        + (window.isZero() ? "" : "." + label(window));
        AppliesTo applies = set.appliesTo() == null ? new AppliesTo(null, null) : set.appliesTo();
        String persist = first(r.persistFor(), d.persistFor(), "0s");
        String hysteresis = first(r.hysteresis(), d.hysteresis(), "0");
        Severity severity = r.severity() != null ? r.severity() : d.severity() != null ? d.severity()
                : Severity.WARNING;
        double completeness = r.minCompleteness() != null ? r.minCompleteness()
                : d.minCompleteness() != null ? d.minCompleteness() : 0.75;
        return new AlertRule(id, set.id(), set.source(), date(set.effectiveFrom(), "effectiveFrom"),
                Optional.ofNullable(set.effectiveTo()).map(t -> date(t, "effectiveTo")), kind,
                applies.kinds() == null ? Set.of() : Set.copyOf(applies.kinds()),
                Optional.ofNullable(applies.limitClass()), Optional.ofNullable(r.parameter()),
                Optional.ofNullable(r.min()), Optional.ofNullable(r.max()), window, completeness,
                duration(persist, "persistFor"), Hysteresis.parse(hysteresis), severity,
                Boolean.TRUE.equals(r.kqKf()), r.missedIntervals() == null ? 3 : r.missedIntervals(),
                r.repeats() == null ? 0 : r.repeats(), r.description() == null ? "" : r.description(),
                duration(r.calibrationEvery() == null ? "0s" : r.calibrationEvery(), "calibrationEvery"));
    }

    private static String first(String a, String b, String fallback) {
        return a != null ? a : b != null ? b : fallback;
    }

    /** 1h, 8h, 24h, 15m, 30s, 2d. */
    static Duration duration(String text, String field) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(field + " '" + text + "' is invalid: expected e.g. 30s, 15m, 1h, 1d");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "s": return Duration.ofSeconds(n);
            case "m": return Duration.ofMinutes(n);
            case "h": return Duration.ofHours(n);
            default: return Duration.ofDays(n);
        }
    }

    static String label(Duration window) {
        if (window.toSeconds() % 3600 == 0) {
            return window.toHours() + "h";
        }
        if (window.toSeconds() % 60 == 0) {
            return window.toMinutes() + "m";
        }
        return window.toSeconds() + "s";
    }

    private static LocalDate date(String text, String field) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " '" + text + "' is invalid: expected YYYY-MM-DD");
        }
    }

    private record FileModel(int version, List<RuleSetModel> ruleSets, List<OverrideModel> overrides) {
    }

    private record RuleSetModel(String id, String source, String effectiveFrom, String effectiveTo,
                                AppliesTo appliesTo, Defaults defaults, List<RuleModel> rules) {
    }

    private record AppliesTo(List<StationKind> kinds, String limitClass) {
    }

    private record Defaults(Severity severity, String hysteresis, String persistFor, Double minCompleteness,
                            String window) {
    }

    private record RuleModel(String id, RuleKind kind, String parameter, String window, Double min, Double max,
                             Severity severity, String hysteresis, String persistFor, Double minCompleteness,
                             Boolean kqKf, Integer missedIntervals, Integer repeats, String description,
                             String calibrationEvery) {
    }

    private record OverrideModel(String station, String rule, Boolean enabled, Double min, Double max,
                                 Severity severity, String persistFor) {
    }
}
