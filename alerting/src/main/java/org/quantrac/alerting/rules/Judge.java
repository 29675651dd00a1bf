package org.quantrac.alerting.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.quantrac.core.reading.StationStatus;
import org.quantrac.core.station.Station;

/**
 * Judges one reading against one rule and updates the rule's state: the same code for readings in order and for
 * re-judging history when a late reading arrives, so both give the same decisions.
 */
final class Judge {

    private Judge() {
    }

    /**
     * @param sample     the rule parameter's value at {@code time} (value rules), else null
     * @param error      whether any value of the instant has status 02 (DEVICE_ERROR rules)
     * @param suppressed the station is in declared maintenance at {@code time}
     */
    static void reading(Station station, StationRule rule, RuleState rs, Instant time, Sample sample, boolean error,
                        boolean suppressed, boolean decide, List<Decision> out) {
        if (!rs.judged(time)) {
            return;
        }
        boolean wasOpen = rs.open;
        Instant wasSince = rs.since;
        int before = out.size();
        if (rule.kind() == RuleKind.CALIBRATION_OVERDUE) {
            if (sample != null) {
                calibration(rule, rs, time, sample, decide, out); // a calibration counts even during maintenance
            }
        } else if (suppressed) {
            if (!rs.open) {
                rs.since = null;
            }
        } else if (rule.kind() == RuleKind.AQI) {
            if (sample != null) {
                double aqi = sample.value();
                condition(rs, rule, time, rule.breached(aqi), rule.cleared(aqi), aqi, decide, out);
            }
        } else if (rule.kind() == RuleKind.DEVICE_ERROR) {
            condition(rs, rule, time, error, !error, error ? 1 : 0, decide, out);
        } else if (sample != null) {
            value(station, rule, rs, time, sample, decide, out);
        }
        rs.mark(time, wasOpen, wasSince, out.size() > before ? out.get(out.size() - 1) : null);
    }

    private static void value(Station station, StationRule rule, RuleState rs, Instant time, Sample sample,
                              boolean decide, List<Decision> out) {
        if (sample.status() != StationStatus.MEASURING || !rule.parameter().inRange(sample.value())
                || Double.isNaN(sample.value())) {
            // Calibrating, device error or implausible: excluded from windows, and it suppresses a pending opening
            // (the duration starts again from the next valid reading). An open alert stays open: no valid data
            // says the condition cleared.
            if (!rs.open) {
                rs.since = null;
            }
            rs.previousTime = null; // no rate across, and no run through, an excluded reading
            rs.repeats = 0;
            return;
        }
        double value = sample.value();
        if (rule.kind() == RuleKind.RATE) {
            rate(rule, rs, time, value, decide, out);
            return;
        }
        if (rule.kind() == RuleKind.FLATLINE) {
            rs.repeats = rs.repeats > 0 && value == rs.previousValue ? rs.repeats + 1 : 1;
            rs.previousValue = value;
            boolean stuck = rs.repeats >= rule.rule().repeats();
            condition(rs, rule, time, stuck, !stuck, rs.repeats, decide, out);
            return;
        }
        if (!rule.rule().window().isZero()) {
            if (rs.window == null) {
                rs.window = new WindowMean(rule.rule().window());
            }
            rs.window.add(time.toEpochMilli(), value);
            double expected = (double) rule.rule().window().toMillis() / station.interval().toMillis();
            if (rs.window.count() < rule.rule().minCompleteness() * expected) {
                return; // too few valid readings for the mean to mean anything: neither opens nor clears
            }
            value = rs.window.mean();
        }
        condition(rs, rule, time, rule.breached(value), rule.cleared(value), value, decide, out);
    }

    /**
     * Time since the instrument's last calibration (status 01), counted from the first reading seen when no
     * calibration is known (so never early); the next calibration clears it at once.
     */
    private static void calibration(StationRule rule, RuleState rs, Instant time, Sample sample, boolean decide,
                                    List<Decision> out) {
        if (rs.firstSeen == null || time.isBefore(rs.firstSeen)) {
            rs.firstSeen = time;
        }
        if (sample.status() == StationStatus.CALIBRATING) {
            rs.calibrated(time);
            condition(rs, rule, time, false, true, 0, decide, out);
            return;
        }
        if (rs.calibrationBase == null) {
            rs.calibrationBase = rs.firstSeen;
        }
        double days = Duration.between(rs.calibrationBase, time).toSeconds() / 86_400.0;
        boolean overdue = days > rule.upper(); // the interval in days (the station's override's max, if any)
        condition(rs, rule, time, overdue, !overdue, days, decide, out);
    }

    /** Change per window between this and the previous valid reading. */
    private static void rate(StationRule rule, RuleState rs, Instant time, double value, boolean decide,
                             List<Decision> out) {
        Instant previousTime = rs.previousTime;
        double previous = rs.previousValue;
        rs.previousTime = time;
        rs.previousValue = value;
        if (previousTime == null) {
            return;
        }
        double windows = (double) Duration.between(previousTime, time).toMillis() / rule.rule().window().toMillis();
        double perWindow = Math.abs(value - previous) / windows;
        condition(rs, rule, time, rule.breached(perWindow), rule.cleared(perWindow), perWindow, decide, out);
    }

    static void condition(RuleState rs, StationRule rule, Instant time, boolean breach, boolean clear,
                          double value, boolean decide, List<Decision> out) {
        rs.lastValue = value;
        if (!rs.open) {
            if (!breach) {
                rs.since = null;
                return;
            }
            if (rs.since == null) {
                rs.since = time;
            }
            if (decide && Duration.between(rs.since, time).compareTo(rule.persistFor()) >= 0) {
                rs.open = true;
                rs.openedAt = time;
                out.add(new Decision(Decision.Type.OPEN, rule, rs.since, time, value));
            }
        } else if (clear && decide) {
            rs.open = false;
            rs.since = null;
            rs.openedAt = null;
            out.add(new Decision(Decision.Type.RESOLVE, rule, null, time, value));
        }
    }
}
