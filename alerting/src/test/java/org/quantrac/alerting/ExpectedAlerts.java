package org.quantrac.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import org.quantrac.alerting.rules.RuleKind;
import org.quantrac.alerting.rules.StationRule;
import org.quantrac.core.reading.StationStatus;
import org.quantrac.core.station.Station;
import org.quantrac.simulator.truth.TruthReading;

/**
 * The alerts a rule must give for what the simulator delivered, worked out directly from the ground truth's readings
 * and the rule's definition as docs/alerting.md states it — independently of the evaluator's incremental state:
 * a value (or the mean of the valid values in {@code (t − window, t]}, once at least {@code minCompleteness} of the
 * window's expected readings are there) beyond the limit starts the condition; the alert opens at the first reading
 * at which it has held for {@code persistFor}; it resolves at the first reading back inside by the hysteresis.
 * Calibrating, device-error and implausible values are excluded (and reset a pending condition).
 */
final class ExpectedAlerts {

    private ExpectedAlerts() {
    }

    /** The alerts of one MAX, MIN or RANGE rule of a station, oldest first. */
    static List<AlertingItSupport.Row> valueRule(Station station, StationRule rule, List<TruthReading> truth) {
        if (rule.kind() != RuleKind.MAX && rule.kind() != RuleKind.MIN && rule.kind() != RuleKind.RANGE) {
            throw new IllegalArgumentException("not a limit rule: " + rule.id());
        }
        List<TruthReading> readings = truth.stream()
                .filter(r -> r.stationId() == station.id() && r.parameterId() == rule.parameter().id())
                .sorted(Comparator.comparing(TruthReading::time)).toList();
        Duration window = rule.rule().window();
        double needed = rule.rule().minCompleteness() * window.toMillis() / station.interval().toMillis();
        Deque<TruthReading> inWindow = new ArrayDeque<>();
        List<AlertingItSupport.Row> out = new ArrayList<>();
        Instant since = null;
        Instant opened = null;
        for (TruthReading r : readings) {
            boolean valid = r.status().equals(StationStatus.MEASURING.code()) && rule.parameter().inRange(r.value());
            if (!valid) {
                if (opened == null) {
                    since = null;
                }
                continue;
            }
            double value = r.value();
            if (!window.isZero()) {
                inWindow.addLast(r);
                while (!inWindow.peekFirst().time().isAfter(r.time().minus(window))) {
                    inWindow.removeFirst();
                }
                if (inWindow.size() < needed) {
                    continue;
                }
                value = inWindow.stream().mapToDouble(TruthReading::value).average().orElseThrow();
            }
            if (opened == null) {
                since = !rule.breached(value) ? null : since == null ? r.time() : since;
                if (since != null && Duration.between(since, r.time()).compareTo(rule.persistFor()) >= 0) {
                    opened = r.time();
                }
            } else if (rule.cleared(value)) {
                out.add(new AlertingItSupport.Row(station.code(), rule.id(), "RESOLVED", opened, r.time()));
                opened = null;
                since = null;
            }
        }
        if (opened != null) {
            out.add(new AlertingItSupport.Row(station.code(), rule.id(), "OPEN", opened, null));
        }
        return out;
    }

    /**
     * The offline alerts of a station whose data is judged in steps: before the clock is checked at each of
     * {@code checks}, every observation delivered before that time has been judged (with the clock at the previous
     * check, its arrival), none delivered later. An observation is delivered at its measurement time, except a backlog
     * kept through one of the station's outages {@code [from, to)} and replayed when the station is back at {@code to}. An alert opens at
     * the first check later than the newest reading and the newest arrival plus the rule's missed intervals; the first
     * observation delivered after it resolves it, at its measurement time or, for a backlog measured before the alert
     * opened, at its arrival.
     */
    static List<AlertingItSupport.Row> offline(Station station, StationRule rule, List<TruthReading> truth,
                                              Instant start, List<Instant> checks, List<Instant[]> backlogs) {
        record Delivery(Instant time, Instant delivered) {
        }
        List<Delivery> deliveries = truth.stream().filter(r -> r.stationId() == station.id())
                .map(TruthReading::time).distinct()
                .map(t -> new Delivery(t, backlogs.stream().filter(b -> !t.isBefore(b[0]) && t.isBefore(b[1]))
                        .map(b -> b[1]).findFirst().orElse(t)))
                .sorted(Comparator.comparing(Delivery::delivered).thenComparing(Delivery::time)).toList();
        List<AlertingItSupport.Row> out = new ArrayList<>();
        Instant opened = null;
        for (Instant check : checks) {
            List<Delivery> judged = deliveries.stream().filter(d -> d.delivered().isBefore(check)).toList();
            if (opened != null) {
                Instant o = opened;
                Delivery back = judged.stream().filter(d -> !d.delivered().isBefore(o)).findFirst().orElse(null);
                if (back != null) {
                    Instant arrival = arrival(back.delivered(), start, checks);
                    Instant at = !back.time().isBefore(o) ? back.time() : arrival.isAfter(o) ? arrival : o;
                    out.add(new AlertingItSupport.Row(station.code(), rule.id(), "RESOLVED", o, at));
                    opened = null;
                }
            }
            Instant quiet = start;
            for (Delivery d : judged) {
                Instant arrival = arrival(d.delivered(), start, checks);
                quiet = Collections.max(List.of(quiet, d.time(), arrival));
            }
            if (opened == null && check.isAfter(quiet.plus(rule.offlineAfter()))) {
                opened = check;
            }
        }
        if (opened != null) {
            out.add(new AlertingItSupport.Row(station.code(), rule.id(), "OPEN", opened, null));
        }
        return out;
    }

    /** The clock while a delivery at {@code delivered} is judged: the last check at or before it. */
    private static Instant arrival(Instant delivered, Instant start, List<Instant> checks) {
        return checks.stream().filter(c -> !c.isAfter(delivered)).reduce((a, b) -> b).orElse(start);
    }
}
