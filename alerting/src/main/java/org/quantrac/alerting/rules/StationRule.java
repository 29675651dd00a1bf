package org.quantrac.alerting.rules;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.station.Station;

/**
 * A rule resolved for one station: limits scaled by the station's Kq × Kf where the regulation says so, with the
 * station's override applied. This is what the evaluator compares readings with.
 *
 * @param parameter the station's parameter, or null for OFFLINE and DEVICE_ERROR rules
 * @param lower     effective lower limit, NaN when none
 * @param upper     effective upper limit, NaN when none
 */
public record StationRule(Station station, AlertRule rule, Parameter parameter, double lower, double upper,
                          Severity severity, Duration persistFor) {

    public StationRule {
        Objects.requireNonNull(station, "station");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(persistFor, "persistFor");
    }

    public String id() {
        return rule.id();
    }

    public RuleKind kind() {
        return rule.kind();
    }

    /** Whether a value violates the rule. */
    public boolean breached(double value) {
        switch (rule.kind()) {
            case MAX: case RATE: case AQI: return value > upper;
            case MIN: return value < lower;
            case RANGE: return value < lower || value > upper;
            default: return false;
        }
    }

    /** Whether a value is back inside the limit by the hysteresis margin, so an open alert resolves. */
    public boolean cleared(double value) {
        Hysteresis h = rule.hysteresis();
        switch (rule.kind()) {
            case MAX: case RATE: case AQI: return value <= upper - h.margin(upper);
            case MIN: return value >= lower + h.margin(lower);
            case RANGE: return value >= lower + h.margin(lower) && value <= upper - h.margin(upper);
            default: return true;
        }
    }

    /** The limit a value is judged against, for messages: the one it is beyond or nearest to. */
    public OptionalDouble limitFor(double value) {
        switch (rule.kind()) {
            case MAX: case RATE: case AQI: return OptionalDouble.of(upper);
            case FLATLINE: return OptionalDouble.of(rule.repeats());
            case MIN: return OptionalDouble.of(lower);
            case RANGE: return OptionalDouble.of(Math.abs(value - lower) <= Math.abs(value - upper) ? lower : upper);
            case OFFLINE: return OptionalDouble.of(rule.missedIntervals() * (double) station.interval().toSeconds());
            case CALIBRATION_OVERDUE: return OptionalDouble.of(upper);
            default: return OptionalDouble.empty();
        }
    }

    /** How long without data makes the station offline. */
    public Duration offlineAfter() {
        return station.interval().multipliedBy(rule.missedIntervals());
    }
}
