package org.quantrac.alerting.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.quantrac.core.reading.StationStatus;
import org.quantrac.core.station.Station;

/**
 * Judges observations against the rules, one station at a time, and says when an alert must open or resolve.
 *
 * <p>Not thread-safe on purpose: exactly one thread (the consumer loop) calls it, and a station's observations arrive
 * in order because the Kafka key is the station code. Every decision for a station is therefore taken in sequence,
 * which is what keeps two racing messages from opening two alerts.
 *
 * <p>Time is reading time (measurement time), except for the offline timer, which compares the wall clock with the
 * newest reading time. With {@code decide = false} (warm-up replay after a restart) observations only rebuild windows
 * and pending conditions; whether an alert is open is then what the database says ({@link #markOpen}).
 */
public final class Evaluator {

    private final Supplier<RuleBook> rules;
    private final Supplier<MaintenanceCalendar> maintenance;
    private final Map<Integer, StationState> stations = new HashMap<>();

    public Evaluator(Supplier<RuleBook> rules) {
        this(rules, () -> MaintenanceCalendar.EMPTY);
    }

    public Evaluator(Supplier<RuleBook> rules, Supplier<MaintenanceCalendar> maintenance) {
        this.rules = rules;
        this.maintenance = maintenance;
    }

    /**
     * Judges one observation: values one station measured at one instant. A value not newer than the last one judged
     * by a rule (a redelivery, or late data) is ignored by that rule; connectors may split one instant's values over
     * several observations, so this is decided per rule, not per observation.
     */
    public List<Decision> observe(Station station, Instant time, List<Sample> samples, boolean decide) {
        StationState st = state(station);
        Instant previous = st.lastSeen != null ? st.lastSeen : st.watchedSince;
        boolean newest = st.lastSeen == null || time.isAfter(st.lastSeen);
        if (newest) {
            st.lastSeen = time;
        }
        // Readings measured during declared maintenance are treated like calibration: excluded and suppressing.
        boolean suppressed = maintenance.get().inMaintenance(station.code(), time);
        List<Decision> out = new ArrayList<>(0);
        for (StationRule rule : rules.get().forStation(station)) {
            if (!rule.rule().inForceAt(time)) {
                continue;
            }
            RuleState rs = st.rule(rule.id());
            if (suppressed && rule.kind() != RuleKind.OFFLINE) {
                if (rs.judged(time) && !rs.open) {
                    rs.since = null;
                }
                continue;
            }
            switch (rule.kind()) {
                case OFFLINE:
                    // only data newer than what made the station offline brings it back
                    if (rs.open && decide && newest) {
                        rs.open = false;
                        double gap = previous == null ? 0 : Duration.between(previous, time).toMillis() / 1000.0;
                        out.add(new Decision(Decision.Type.RESOLVE, rule, null, time, gap));
                    }
                    break;
                case DEVICE_ERROR:
                    if (rs.judged(time)) {
                        boolean error = samples.stream().anyMatch(s -> s.status() == StationStatus.DEVICE_ERROR);
                        condition(rs, rule, time, error, !error, error ? 1 : 0, decide, out);
                    }
                    break;
                default:
                    valueRule(station, rule, rs, time, samples, decide, out);
            }
        }
        return out;
    }

    private void valueRule(Station station, StationRule rule, RuleState rs, Instant time, List<Sample> samples,
                           boolean decide, List<Decision> out) {
        Sample sample = null;
        for (Sample s : samples) {
            if (s.parameterId() == rule.parameter().id()) {
                sample = s;
                break;
            }
        }
        if (sample == null || !rs.judged(time)) {
            return;
        }
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

    private static void condition(RuleState rs, StationRule rule, Instant time, boolean breach, boolean clear,
                                  double value, boolean decide, List<Decision> out) {
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
                out.add(new Decision(Decision.Type.OPEN, rule, rs.since, time, value));
            }
        } else if (clear && decide) {
            rs.open = false;
            rs.since = null;
            out.add(new Decision(Decision.Type.RESOLVE, rule, null, time, value));
        }
    }

    /**
     * Opens offline alerts of a station whose newest reading (or the start of watching it) is older than the rule's
     * missed intervals allow. Called by the timer with the wall clock.
     */
    public List<Decision> checkOffline(Station station, Instant now) {
        StationState st = state(station);
        Instant seen = st.lastSeen != null ? st.lastSeen : st.watchedSince;
        MaintenanceCalendar calendar = maintenance.get();
        if (seen == null || calendar.inMaintenance(station.code(), now)) {
            return List.of();
        }
        // after maintenance the clock starts again at its end: silence during maintenance is expected
        Instant ended = calendar.lastEndBefore(station.code(), now).orElse(seen);
        Instant last = ended.isAfter(seen) ? ended : seen;
        List<Decision> out = new ArrayList<>(0);
        for (StationRule rule : rules.get().forStation(station)) {
            if (rule.kind() != RuleKind.OFFLINE || !rule.rule().inForceAt(now)) {
                continue;
            }
            RuleState rs = st.rule(rule.id());
            if (!rs.open && now.isAfter(last.plus(rule.offlineAfter()))) {
                rs.open = true;
                out.add(new Decision(Decision.Type.OPEN, rule, last, now,
                        Duration.between(last, now).toMillis() / 1000.0));
            }
        }
        return out;
    }

    /** Starts the offline clock of a station with no reading yet (at partition assignment). */
    public void watch(Station station, Instant since) {
        StationState st = state(station);
        if (st.watchedSince == null) {
            st.watchedSince = since;
        }
    }

    /** Records that the (station, rule) has an open alert (loaded from the database, or adopted). */
    public void markOpen(Station station, String ruleId) {
        state(station).rule(ruleId).open = true;
    }

    /**
     * Records that the alert of the (station, rule) was resolved elsewhere (by a person): if the condition still
     * holds, a new alert opens after the rule's duration.
     */
    public void markResolved(Station station, String ruleId) {
        RuleState rs = state(station).rule(ruleId);
        rs.open = false;
        rs.since = null;
    }

    /**
     * Makes the open alerts of these stations what the database says: an alert resolved by a person through another
     * replica's API is closed here too, one opened by another instance is adopted.
     *
     * @param unresolved keys {@code stationId/ruleId} of the open and acknowledged alerts in the database
     */
    public void reconcile(Collection<Station> owned, Set<String> unresolved) {
        for (Station station : owned) {
            StationState st = state(station);
            for (StationRule rule : rules.get().forStation(station)) {
                boolean inDb = unresolved.contains(station.id() + "/" + rule.id());
                RuleState rs = st.rule(rule.id());
                if (rs.open && !inDb) {
                    markResolved(station, rule.id());
                } else if (!rs.open && inDb) {
                    rs.open = true;
                }
            }
        }
    }

    /** Whether the evaluator believes the (station, rule) has an open alert. */
    public boolean isOpen(Station station, String ruleId) {
        StationState st = stations.get(station.id());
        RuleState rs = st == null ? null : st.rules.get(ruleId);
        return rs != null && rs.open;
    }

    /** Drops the state of stations this instance no longer owns (partitions revoked). */
    public void forget(Collection<Integer> stationIds) {
        stationIds.forEach(stations::remove);
    }

    private StationState state(Station station) {
        return stations.computeIfAbsent(station.id(), id -> new StationState());
    }

    private static final class StationState {
        private Instant lastSeen;
        private Instant watchedSince;
        private final Map<String, RuleState> rules = new HashMap<>();

        RuleState rule(String id) {
            return rules.computeIfAbsent(id, k -> new RuleState());
        }
    }

    private static final class RuleState {
        private WindowMean window;
        /** Reading time of the last value this rule judged. */
        private Instant lastTime;
        /** RATE and FLATLINE: the previous valid value (and its time for RATE), and the run length for FLATLINE. */
        private Instant previousTime;
        private double previousValue = Double.NaN;
        private int repeats;
        /** Reading time the condition began, while it has not yet opened an alert. */
        private Instant since;
        private boolean open;

        /** Whether a value at this time is new to the rule (and from now on, judged). */
        boolean judged(Instant time) {
            if (lastTime != null && !time.isAfter(lastTime)) {
                return false;
            }
            lastTime = time;
            return true;
        }
    }
}
