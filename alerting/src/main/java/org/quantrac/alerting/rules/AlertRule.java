package org.quantrac.alerting.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationKind;

/**
 * A rule as defined in the rule data, before it is resolved for a station.
 *
 * @param id              stable id, e.g. {@code qcvn05-2023.SO2.1h}; alerts and overrides refer to it
 * @param ruleSet         the rule set it came from, e.g. {@code qcvn05-2023}
 * @param source          the regulation, e.g. {@code QCVN 05:2023/BTNMT}
 * @param effectiveFrom   first local (Asia/Ho_Chi_Minh) day the rule applies to readings
 * @param effectiveTo     first local day it no longer applies, when superseded
 * @param kinds           station kinds it applies to (empty = all)
 * @param limitClass      the station's limit class it applies to (QCVN 08 A/B/C, QCVN 40 A/B), if restricted
 * @param parameter       Circular 10/2021 symbol of the parameter for value rules
 * @param lower           lower limit (MIN, RANGE)
 * @param upper           upper limit (MAX, RANGE)
 * @param window          averaging window; zero = each reading on its own
 * @param minCompleteness share of the window's expected readings that must be valid for its mean to count
 * @param persistFor      how long the condition must hold (in reading time) before the alert opens
 * @param scaleKqKf       whether limits are multiplied by the station's Kq × Kf (QCVN 40)
 * @param missedIntervals for OFFLINE: sampling intervals without data before the station counts as offline
 * @param repeats         for FLATLINE: identical consecutive values that make a sensor stuck
 * @param calibrationEvery for CALIBRATION_OVERDUE: the longest time allowed between two calibrations
 */
public record AlertRule(String id, String ruleSet, String source, LocalDate effectiveFrom,
                        Optional<LocalDate> effectiveTo, RuleKind kind, Set<StationKind> kinds,
                        Optional<String> limitClass, Optional<String> parameter, Optional<Double> lower,
                        Optional<Double> upper, Duration window, double minCompleteness, Duration persistFor,
                        Hysteresis hysteresis, Severity severity, boolean scaleKqKf, int missedIntervals,
                        int repeats, String description, Duration calibrationEvery) {

    /** Readings are local-time data (UTC+7): a regulation takes effect at local midnight. */
    public static final ZoneId LOCAL = ZoneId.of("Asia/Ho_Chi_Minh");

    public AlertRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        kinds = Set.copyOf(kinds);
        if (kind.isValueRule() && parameter.isEmpty()) {
            throw new IllegalArgumentException("rule " + id + ": a " + kind + " rule needs a parameter");
        }
        if ((kind == RuleKind.MAX || kind == RuleKind.RANGE || kind == RuleKind.RATE || kind == RuleKind.AQI)
                && upper.isEmpty()) {
            throw new IllegalArgumentException("rule " + id + ": a " + kind + " rule needs max");
        }
        if ((kind == RuleKind.MIN || kind == RuleKind.RANGE) && lower.isEmpty()) {
            throw new IllegalArgumentException("rule " + id + ": a " + kind + " rule needs min");
        }
        if (window.isNegative() || persistFor.isNegative()) {
            throw new IllegalArgumentException("rule " + id + ": window and persistFor must not be negative");
        }
        if (!(minCompleteness >= 0 && minCompleteness <= 1)) {
            throw new IllegalArgumentException("rule " + id + ": minCompleteness must be from 0 to 1");
        }
        if (kind == RuleKind.RATE && window.isZero()) {
            throw new IllegalArgumentException("rule " + id + ": a RATE rule needs window (max is per window)");
        }
        if (kind == RuleKind.FLATLINE && repeats < 2) {
            throw new IllegalArgumentException("rule " + id + ": a FLATLINE rule needs repeats of at least 2");
        }
        if (kind == RuleKind.CALIBRATION_OVERDUE && (calibrationEvery.isZero() || calibrationEvery.isNegative())) {
            throw new IllegalArgumentException("rule " + id + ": a CALIBRATION_OVERDUE rule needs calibrationEvery");
        }
        if (kind == RuleKind.OFFLINE && missedIntervals < 1) {
            throw new IllegalArgumentException("rule " + id + ": missedIntervals must be at least 1");
        }
    }

    /** Whether the rule is meant for this station (kind and limit class); the parameter is checked on resolution. */
    public boolean appliesTo(Station station) {
        if (!kinds.isEmpty() && !kinds.contains(station.kind())) {
            return false;
        }
        if (kind == RuleKind.AQI && !station.aqiEligible()) {
            return false; // only stations meeting the circular's equipment rules have an AQI
        }
        return limitClass.isEmpty() || limitClass.equals(station.limitClass());
    }

    /** Whether the rule is in force for a reading taken at this instant. */
    public boolean inForceAt(Instant time) {
        if (time.isBefore(effectiveFrom.atStartOfDay(LOCAL).toInstant())) {
            return false;
        }
        return effectiveTo.isEmpty() || time.isBefore(effectiveTo.get().atStartOfDay(LOCAL).toInstant());
    }
}
