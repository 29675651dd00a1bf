package org.quantrac.alerting.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
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
 * <p>Time is reading time (measurement time), except for the offline timer, which compares the clock with the
 * newest reading time and the newest arrival. With {@code decide = false} (warm-up replay after a restart)
 * observations only rebuild windows and pending conditions; whether an alert is open is then what the database says
 * ({@link #markOpen}).
 */
public final class Evaluator {

    /** Default of {@code alerting.lateData}. */
    public static final Duration DEFAULT_LATE_HORIZON = Duration.ofHours(6);

    private final Supplier<RuleBook> rules;
    private final Supplier<MaintenanceCalendar> maintenance;
    private final Duration lateHorizon;
    private final Map<Integer, StationState> stations = new HashMap<>();
    private long tooLate;
    /** Calibrations seen and not yet stored, keyed by (station, parameter) with the time zeroed. */
    private final Map<Calibration, Instant> calibrations = new HashMap<>();

    public Evaluator(Supplier<RuleBook> rules) {
        this(rules, () -> MaintenanceCalendar.EMPTY, DEFAULT_LATE_HORIZON);
    }

    /**
     * @param lateHorizon how far behind a station's newest reading a late reading is still re-judged; the station's
     *                    readings are kept in memory this long plus the longest window of their rules
     */
    public Evaluator(Supplier<RuleBook> rules, Supplier<MaintenanceCalendar> maintenance, Duration lateHorizon) {
        this.rules = rules;
        this.maintenance = maintenance;
        this.lateHorizon = lateHorizon;
    }

    /**
     * Judges one observation: values one station measured at one instant. Connectors may split one instant's values
     * over several observations, so newness is decided per rule, not per observation. A value the rule already judged
     * (a redelivery) is ignored; a value older than what the rule has judged (late data within the late-data horizon)
     * makes the rule re-judge its history from that time ({@link LateData}).
     */
    public List<Decision> observe(Station station, Instant time, List<Sample> samples, boolean decide) {
        return observe(station, time, samples, decide, null);
    }

    /**
     * As {@link #observe(Station, Instant, List, boolean)}, for an observation that arrived at {@code arrived} (the
     * clock when it was taken off the topic; null when unknown, e.g. in the warm-up replay). A station whose data
     * keeps arriving is not offline even when that data is old (a backfill, a backlog replayed after an outage), and a
     * replayed backlog ends an offline alert when it arrives, not at its older measurement times.
     */
    public List<Decision> observe(Station station, Instant time, List<Sample> samples, boolean decide,
                                  Instant arrived) {
        StationState st = state(station);
        if (arrived != null && (st.lastArrival == null || arrived.isAfter(st.lastArrival))) {
            st.lastArrival = arrived;
        }
        Instant previous = st.lastSeen != null ? st.lastSeen : st.watchedSince;
        boolean newest = st.lastSeen == null || time.isAfter(st.lastSeen);
        if (!newest && time.isBefore(st.lastSeen.minus(lateHorizon))) {
            tooLate++;
            return List.of(); // its windows can no longer be rebuilt: beyond the late-data horizon
        }
        if (newest) {
            st.lastSeen = time;
        }
        List<StationRule> stationRules = rules.get().forStation(station);
        st.retention(station, stationRules, lateHorizon);
        // Kept first, so a late value is in its series when its rules re-judge; a value already there is a repeat.
        Set<Integer> repeated = new HashSet<>(0);
        boolean error = false;
        for (Sample s : samples) {
            error |= s.status() == StationStatus.DEVICE_ERROR;
            keep(st, s.parameterId(), time, s.value(), s.status(), repeated);
        }
        keep(st, StationState.ERROR_SERIES, time, error ? 1 : 0, StationStatus.MEASURING, repeated);
        // Readings measured during declared maintenance are treated like calibration: excluded and suppressing.
        MaintenanceCalendar calendar = maintenance.get();
        boolean suppressed = calendar.inMaintenance(station.code(), time);
        List<Decision> out = new ArrayList<>(0);
        for (StationRule rule : stationRules) {
            if (!rule.rule().inForceAt(time)) {
                continue;
            }
            RuleState rs = st.rule(rule.id());
            if (rule.kind() == RuleKind.OFFLINE) {
                // only data newer than what made the station offline brings it back
                if (rs.open && decide && newest) {
                    rs.open = false;
                    double gap = previous == null ? 0 : Duration.between(previous, time).toMillis() / 1000.0;
                    out.add(new Decision(Decision.Type.RESOLVE, rule, null, backAt(rs.openedAt, time, arrived),
                            gap));
                    rs.openedAt = null;
                }
                continue;
            }
            if (rule.kind() == RuleKind.AQI) {
                continue; // judged on the hourly AQI (observeAqi), not on readings
            }
            int key = rule.kind() == RuleKind.DEVICE_ERROR ? StationState.ERROR_SERIES : rule.parameter().id();
            Sample sample = key == StationState.ERROR_SERIES ? null : find(samples, key);
            if (key != StationState.ERROR_SERIES && sample == null) {
                continue;
            }
            if (rs.lastTime == null || time.isAfter(rs.lastTime)) {
                Judge.reading(station, rule, rs, time, sample, error, suppressed, decide, out);
            } else if (!repeated.contains(key) && st.history.containsKey(key)) {
                LateData.rejudge(station, rule, rs, st.history.get(key), time, calendar, decide, out);
            }
            if (rule.kind() == RuleKind.CALIBRATION_OVERDUE && sample.status() == StationStatus.CALIBRATING) {
                calibrations.merge(new Calibration(station.id(), key, Instant.EPOCH), time,
                        (a, b) -> a.isAfter(b) ? a : b);
            }
            rs.pruneMarks(st.lastSeen.minus(lateHorizon));
        }
        return out;
    }

    /**
     * When an offline alert ends: at the measurement time of the first new data, unless that data was measured before
     * the alert opened (the station's backlog, replayed after the outage): then the outage ended when it arrived.
     */
    private static Instant backAt(Instant openedAt, Instant time, Instant arrived) {
        if (openedAt == null || !time.isBefore(openedAt)) {
            return time;
        }
        return arrived != null && arrived.isAfter(openedAt) ? arrived : openedAt;
    }

    private static void keep(StationState st, int key, Instant time, double value, StationStatus status,
                             Set<Integer> repeated) {
        Series series = st.series(key);
        if (series == null) {
            return;
        }
        if (!series.add(time.toEpochMilli(), value, (byte) status.ordinal())) {
            repeated.add(key);
        }
        st.prune(key, series, st.lastSeen);
    }

    private static Sample find(List<Sample> samples, int parameterId) {
        for (Sample s : samples) {
            if (s.parameterId() == parameterId) {
                return s;
            }
        }
        return null;
    }

    /**
     * Judges a station's hourly AQI (the hour's end as its time). A value already judged is ignored; a recomputed
     * one (the processor recomputes an hour when late readings arrive) or an hour arriving after later ones makes the
     * AQI rules re-judge from that hour, like late readings.
     */
    public List<Decision> observeAqi(Station station, Instant hourEnd, double aqi, boolean decide) {
        StationState st = state(station);
        List<StationRule> stationRules = rules.get().forStation(station);
        st.retention(station, stationRules, lateHorizon);
        Series series = st.series(StationState.AQI_SERIES);
        if (series == null) {
            return List.of(); // no AQI rule for the station
        }
        long t = hourEnd.toEpochMilli();
        if (series.size() > 0 && t < series.time(series.size() - 1) - lateHorizon.toMillis()) {
            tooLate++;
            return List.of();
        }
        boolean added = series.add(t, aqi, (byte) StationStatus.MEASURING.ordinal());
        if (!added && !series.replace(t, aqi)) {
            return List.of(); // the same value again
        }
        st.prune(StationState.AQI_SERIES, series, Instant.ofEpochMilli(series.time(series.size() - 1)));
        Sample sample = new Sample(StationState.AQI_SERIES, aqi, StationStatus.MEASURING);
        List<Decision> out = new ArrayList<>(0);
        for (StationRule rule : stationRules) {
            if (rule.kind() != RuleKind.AQI || !rule.rule().inForceAt(hourEnd)) {
                continue;
            }
            RuleState rs = st.rule(rule.id());
            if (added && (rs.lastTime == null || hourEnd.isAfter(rs.lastTime))) {
                Judge.reading(station, rule, rs, hourEnd, sample, false, false, decide, out);
            } else {
                LateData.rejudge(station, rule, rs, series, hourEnd, MaintenanceCalendar.EMPTY, decide, out);
            }
            rs.pruneMarks(Instant.ofEpochMilli(series.time(series.size() - 1)).minus(lateHorizon));
        }
        return out;
    }

    /**
     * An instrument's calibration (a reading with status 01), stored so that the calibration clock survives a
     * restart (the warm-up replay reaches back only hours; calibration intervals are weeks).
     */
    public record Calibration(int stationId, int parameterId, Instant time) {
    }

    /** The calibrations seen since the last call (newest per instrument), to be stored with the decisions. */
    public List<Calibration> drainCalibrations() {
        if (calibrations.isEmpty()) {
            return List.of();
        }
        List<Calibration> out = new ArrayList<>(calibrations.size());
        calibrations.forEach((k, t) -> out.add(new Calibration(k.stationId(), k.parameterId(), t)));
        calibrations.clear();
        return out;
    }

    /** Tells the calibration rules of a station's parameter its last stored calibration (at assignment). */
    public void calibrated(Station station, int parameterId, Instant time) {
        StationState st = state(station);
        for (StationRule rule : rules.get().forStation(station)) {
            if (rule.kind() == RuleKind.CALIBRATION_OVERDUE && rule.parameter().id() == parameterId) {
                st.rule(rule.id()).calibrated(time);
            }
        }
    }

    /** Readings ignored because they were older than the late-data horizon. */
    public long tooLate() {
        return tooLate;
    }

    /**
     * Opens offline alerts of a station whose newest reading (or the start of watching it) is older than the rule's
     * missed intervals allow, and from which nothing has arrived for as long. Called by the timer with the clock.
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
        // Data that keeps arriving, however old its measurement times (a backfill, a replayed backlog), is no outage.
        Instant quiet = st.lastArrival != null && st.lastArrival.isAfter(last) ? st.lastArrival : last;
        List<Decision> out = new ArrayList<>(0);
        for (StationRule rule : rules.get().forStation(station)) {
            if (rule.kind() != RuleKind.OFFLINE || !rule.rule().inForceAt(now)) {
                continue;
            }
            RuleState rs = st.rule(rule.id());
            if (!rs.open && now.isAfter(quiet.plus(rule.offlineAfter()))) {
                rs.open = true;
                rs.openedAt = now;
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
        StationState st = state(station);
        RuleState rs = st.rule(ruleId);
        if (!rs.open) {
            rs.open = true;
            rs.openedAt = Instant.MIN;
            rs.markExternal(st.lastSeen);
        }
    }

    /**
     * Records that the alert of the (station, rule) was resolved elsewhere (by a person): if the condition still
     * holds, a new alert opens after the rule's duration.
     */
    public void markResolved(Station station, String ruleId) {
        StationState st = state(station);
        RuleState rs = st.rule(ruleId);
        rs.open = false;
        rs.since = null;
        rs.openedAt = null;
        rs.markExternal(st.lastSeen);
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
                    markOpen(station, rule.id());
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
}
