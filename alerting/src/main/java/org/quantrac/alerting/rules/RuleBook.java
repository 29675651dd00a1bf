package org.quantrac.alerting.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.station.Station;

/**
 * The rules in force: the rule data (defaults from the regulations, or the department's own file) plus per-station
 * overrides. Immutable: an update makes a new book, which the evaluator picks up at its next record, so a rule never
 * changes halfway through a decision.
 */
public final class RuleBook {

    public static final String DEFAULT_RESOURCE = "/org/quantrac/alerting/default-rules.yaml";

    private final Map<String, AlertRule> rules;
    /** station code -> rule id -> override. */
    private final Map<String, Map<String, RuleOverride>> overrides;
    private final Map<String, List<StationRule>> resolved = new ConcurrentHashMap<>();

    public RuleBook(Collection<AlertRule> rules, Collection<RuleOverride> overrides) {
        Map<String, AlertRule> byId = new LinkedHashMap<>();
        for (AlertRule r : rules) {
            if (byId.put(r.id(), r) != null) {
                throw new IllegalArgumentException("duplicate rule id " + r.id());
            }
        }
        this.rules = byId;
        Map<String, Map<String, RuleOverride>> o = new HashMap<>();
        for (RuleOverride ov : overrides) {
            o.computeIfAbsent(ov.stationCode(), k -> new HashMap<>()).put(ov.ruleId(), ov);
        }
        this.overrides = o;
    }

    /** The rules shipped with Quantrac (QCVN 05:2023, 08:2023, 40:2011) with the overrides they declare. */
    public static RuleBook defaults() {
        try (InputStream in = RuleBook.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            return of(RuleFile.parse(in, DEFAULT_RESOURCE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
        }
    }

    /** The rules of a file in the same format, replacing the defaults. */
    public static RuleBook load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return of(RuleFile.parse(in, file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rule file " + file, e);
        }
    }

    private static RuleBook of(RuleFile.Content content) {
        return new RuleBook(content.rules(), content.overrides());
    }

    public Collection<AlertRule> rules() {
        return rules.values();
    }

    public Optional<AlertRule> rule(String id) {
        return Optional.ofNullable(rules.get(id));
    }

    /** Every override, station by station. */
    public List<RuleOverride> overrides() {
        List<RuleOverride> all = new ArrayList<>();
        overrides.values().forEach(m -> all.addAll(m.values()));
        return all;
    }

    public Optional<RuleOverride> override(String stationCode, String ruleId) {
        return Optional.ofNullable(overrides.getOrDefault(stationCode, Map.of()).get(ruleId));
    }

    /** A new book with this override added or replaced. */
    public RuleBook withOverride(RuleOverride override) {
        if (!rules.containsKey(override.ruleId())) {
            throw new IllegalArgumentException("unknown rule " + override.ruleId());
        }
        List<RuleOverride> all = new ArrayList<>();
        for (RuleOverride o : overrides()) {
            if (!(o.stationCode().equals(override.stationCode()) && o.ruleId().equals(override.ruleId()))) {
                all.add(o);
            }
        }
        all.add(override);
        return new RuleBook(rules.values(), all);
    }

    /** A new book with these overrides added or replaced (those loaded from the database at start). */
    public RuleBook withOverrides(Collection<RuleOverride> more) {
        RuleBook book = this;
        for (RuleOverride o : more) {
            book = book.withOverride(o);
        }
        return book;
    }

    /** A new book without the station's override of the rule. */
    public RuleBook withoutOverride(String stationCode, String ruleId) {
        List<RuleOverride> all = new ArrayList<>();
        for (RuleOverride o : overrides()) {
            if (!(o.stationCode().equals(stationCode) && o.ruleId().equals(ruleId))) {
                all.add(o);
            }
        }
        return new RuleBook(rules.values(), all);
    }

    /** The rules that apply to a station, resolved (limits scaled, overrides applied, disabled ones left out). */
    public List<StationRule> forStation(Station station) {
        return resolved.computeIfAbsent(station.code(), code -> resolve(station));
    }

    private List<StationRule> resolve(Station station) {
        List<StationRule> list = new ArrayList<>();
        Map<String, RuleOverride> own = overrides.getOrDefault(station.code(), Map.of());
        for (AlertRule rule : rules.values()) {
            if (!rule.appliesTo(station)) {
                continue;
            }
            Parameter parameter = null;
            if (rule.parameter().isPresent()) {
                parameter = station.parameter(rule.parameter().get()).orElse(null);
                if (parameter == null) {
                    continue;
                }
            }
            RuleOverride o = own.get(rule.id());
            if (o != null && o.disables()) {
                continue;
            }
            double factor = rule.scaleKqKf() ? station.kq() * station.kf() : 1.0;
            double lower = o != null && o.lower().isPresent() ? o.lower().get()
                    : rule.lower().map(v -> v * factor).orElse(Double.NaN);
            // a calibration rule's limit is its interval in days, so an override's max changes it per station
            double upper = o != null && o.upper().isPresent() ? o.upper().get()
                    : rule.kind() == RuleKind.CALIBRATION_OVERDUE ? rule.calibrationEvery().toSeconds() / 86_400.0
                    : rule.upper().map(v -> v * factor).orElse(Double.NaN);
            Severity severity = o != null && o.severity().isPresent() ? o.severity().get() : rule.severity();
            var persist = o != null && o.persistFor().isPresent() ? o.persistFor().get() : rule.persistFor();
            list.add(new StationRule(station, rule, parameter, lower, upper, severity, persist));
        }
        return List.copyOf(list);
    }
}
