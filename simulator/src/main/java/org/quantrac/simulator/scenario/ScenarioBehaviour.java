package org.quantrac.simulator.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.reading.StationStatus;
import org.quantrac.core.station.Station;
import org.quantrac.simulator.engine.ObservationSchedule;
import org.quantrac.simulator.engine.Outgoing;
import org.quantrac.simulator.engine.StationBehaviour;
import org.quantrac.simulator.signal.Measurement;
import org.quantrac.simulator.signal.Noise;
import org.quantrac.simulator.signal.Observation;
import org.quantrac.simulator.signal.Readout;
import org.quantrac.simulator.signal.SignalModel;
import org.quantrac.simulator.truth.GroundTruth;
import org.quantrac.simulator.truth.TruthEvent;

/**
 * Stations that behave like real ones under a scenario: calibration windows and device faults change status and
 * values, sensor faults change values, the datalogger keeps what it measured while its link is down and replays it
 * with the original timestamps, and deliveries can be duplicated, reordered, late or corrupted. Each fault that
 * touches a station is recorded once in the ground truth. Called from the simulation's single producer thread.
 */
public final class ScenarioBehaviour implements StationBehaviour {

    private final Scenario scenario;
    private final SignalModel model;
    private final GroundTruth truth;
    private final Map<String, StationState> states = new HashMap<>();
    private Observation lastSeen;
    private final Set<String> recorded = new HashSet<>();
    /** OPC UA restart faults whose stop / start has been issued (the server is shared by all its stations). */
    private final Set<Integer> serverStopped = new HashSet<>();
    private final Set<Integer> serverStarted = new HashSet<>();

    private static final class StationState {
        boolean offline;
        final List<Observation> backlog = new ArrayList<>();
        final List<Observation> held = new ArrayList<>();
        final TreeMap<Instant, List<Observation>> late = new TreeMap<>();
    }

    public ScenarioBehaviour(Scenario scenario, SignalModel model, GroundTruth truth) {
        this.scenario = scenario;
        this.model = model;
        this.truth = truth;
    }

    @Override
    public List<Outgoing> shape(Observation measured) {
        lastSeen = measured;
        Station s = measured.station();
        Instant t = measured.time();
        StationState state = states.computeIfAbsent(s.code(), k -> new StationState());
        List<Fault> active = new ArrayList<>();
        for (Fault f : scenario.faults()) {
            if (f.activeAt(t) && f.stations().matches(s)) {
                active.add(f);
                record(f.type().yamlName(), f.index(), s, f.from(), f.to(), f.detail());
            }
        }
        Observation o = withValues(measured, active);
        for (Fault f : active) {
            if (f.type() == FaultType.CLOCK_SKEW) {
                o = new Observation(s, o.time().plus(f.skew()), o.values());
            }
        }

        List<Outgoing> out = new ArrayList<>();
        restarts(s, measured, out);
        releaseLate(state, t, out);
        boolean offline = active.stream().anyMatch(f -> f.type() == FaultType.OFFLINE
                || (f.type() == FaultType.FLAPPING && inDownHalf(f, t)));
        boolean keep = active.stream().filter(f -> f.type() == FaultType.OFFLINE || f.type() == FaultType.FLAPPING)
                .allMatch(Fault::backlog);
        if (offline) {
            if (!state.offline) {
                state.offline = true;
                out.add(Outgoing.connectivity(o, false));
            }
            if (keep) {
                state.backlog.add(o);
            }
            return out;
        }
        if (state.offline) {
            state.offline = false;
            out.add(Outgoing.connectivity(o, true));
            for (Observation b : state.backlog) {
                out.add(Outgoing.of(b));
            }
            state.backlog.clear();
        }
        deliver(o, active, state, out);
        return out;
    }

    /** Stops the server at a restart fault's start and starts it after its downtime; stations keep measuring. */
    private void restarts(Station s, Observation o, List<Outgoing> out) {
        for (Fault f : scenario.faults()) {
            if (f.type() != FaultType.OPCUA_RESTART || !f.stations().matches(s)) {
                continue;
            }
            Instant upAgain = f.from().plus(f.downtime());
            if (!o.time().isBefore(f.from()) && o.time().isBefore(upAgain) && serverStopped.add(f.index())) {
                out.add(Outgoing.serverAvailability(o, false));
                truth.event(new TruthEvent(f.type().yamlName(), "*", f.from(), upAgain, f.detail()));
            }
            if (!o.time().isBefore(upAgain) && serverStopped.contains(f.index()) && serverStarted.add(f.index())) {
                out.add(Outgoing.serverAvailability(o, true));
            }
        }
    }

    private void deliver(Observation o, List<Fault> active, StationState state, List<Outgoing> out) {
        if (has(active, FaultType.MALFORMED)) {
            out.add(Outgoing.malformed(o));
            return;
        }
        Fault late = first(active, FaultType.LATE);
        if (late != null) {
            state.late.computeIfAbsent(o.time().plus(late.delay()), k -> new ArrayList<>()).add(o);
            return;
        }
        Fault reorder = first(active, FaultType.OUT_OF_ORDER);
        if (reorder != null) {
            state.held.add(o);
            if (state.held.size() >= reorder.batch()) {
                flushHeld(state, out);
            }
            return;
        }
        if (!state.held.isEmpty()) {
            flushHeld(state, out);
        }
        out.add(Outgoing.of(o));
        if (has(active, FaultType.DUPLICATES)) {
            out.add(Outgoing.duplicate(o));
        }
    }

    private static void flushHeld(StationState state, List<Outgoing> out) {
        List<Observation> batch = new ArrayList<>(state.held);
        Collections.reverse(batch);
        batch.forEach(b -> out.add(Outgoing.of(b)));
        state.held.clear();
    }

    private static void releaseLate(StationState state, Instant now, List<Outgoing> out) {
        while (!state.late.isEmpty() && !state.late.firstKey().isAfter(now)) {
            state.late.pollFirstEntry().getValue().forEach(o -> out.add(Outgoing.of(o)));
        }
    }

    /** What is still held when the run ends: backlog, reordered batches and late observations go out now. */
    @Override
    public List<Outgoing> drain() {
        List<Outgoing> out = new ArrayList<>();
        // A restart whose downtime outlasts the run: the server comes back before the run ends.
        for (Fault f : scenario.faults()) {
            if (lastSeen != null && serverStopped.contains(f.index()) && serverStarted.add(f.index())) {
                out.add(Outgoing.serverAvailability(lastSeen, true));
            }
        }
        for (StationState state : states.values()) {
            if (!state.backlog.isEmpty()) {
                out.add(Outgoing.connectivity(state.backlog.get(0), true));
                state.backlog.forEach(o -> out.add(Outgoing.of(o)));
                state.backlog.clear();
                state.offline = false;
            }
            flushHeld(state, out);
            state.late.values().forEach(l -> l.forEach(o -> out.add(Outgoing.of(o))));
            state.late.clear();
        }
        return out;
    }

    private static boolean inDownHalf(Fault f, Instant t) {
        long intoCycle = Math.floorMod(Duration.between(f.from(), t).toMillis(), f.period().toMillis());
        return intoCycle < f.period().toMillis() / 2;
    }

    private Observation withValues(Observation o, List<Fault> active) {
        Station s = o.station();
        CalibrationPlan calibrating = null;
        Instant windowStart = null;
        for (CalibrationPlan p : scenario.calibrations()) {
            if (p.stations().matches(s)) {
                Instant w = p.windowAt(o.time()).orElse(null);
                if (w != null) {
                    calibrating = p;
                    windowStart = w;
                    record("calibration", 1000 + p.index(), s, w, w.plus(p.duration()),
                            "calibration[" + p.index() + "] zero then span, status 01");
                }
            }
        }
        boolean valueFaults = calibrating != null || active.stream().anyMatch(f -> f.type() != FaultType.OFFLINE
                && f.type() != FaultType.FLAPPING && f.type() != FaultType.CLOCK_SKEW);
        if (!valueFaults) {
            return o;
        }
        List<Measurement> values = new ArrayList<>(o.values().size());
        for (Measurement m : o.values()) {
            Measurement v = m;
            for (Fault f : active) {
                if (f.affects(m.parameter().symbol())) {
                    v = apply(f, s, o.time(), v);
                }
            }
            if (calibrating != null) {
                boolean zeroPhase = Duration.between(windowStart, o.time()).compareTo(calibrating.duration()
                        .dividedBy(2)) < 0;
                v = new Measurement(m.parameter(), zeroPhase ? zero(m.parameter()) : span(m.parameter()),
                        StationStatus.CALIBRATING);
            }
            values.add(v);
        }
        return new Observation(s, o.time(), values);
    }

    private Measurement apply(Fault f, Station s, Instant t, Measurement m) {
        Parameter p = m.parameter();
        switch (f.type()) {
            case DEVICE_FAULT:
                return new Measurement(p, p.min(), StationStatus.DEVICE_ERROR);
            case CALIBRATION:
                boolean zeroPhase = Duration.between(f.from(), t).compareTo(Duration.between(f.from(), f.to())
                        .dividedBy(2)) < 0;
                return new Measurement(p, zeroPhase ? zero(p) : span(p), StationStatus.CALIBRATING);
            case DRIFT: {
                double hours = Duration.between(f.from(), t).toMillis() / 3_600_000.0;
                return m.withValue(Readout.round(m.value() * (1 + f.ratePerHour() * hours)));
            }
            case FLATLINE: {
                Instant stuck = ObservationSchedule.alignUp(f.from(), s.interval());
                return m.withValue(model.value(s, p, stuck));
            }
            case SPIKES: {
                long key = Noise.key(Noise.key(Noise.key(model.seed(), "spike:" + s.code()), p.symbol()),
                        t.getEpochSecond());
                return Noise.uniform(key) < f.probability() ? m.withValue(Readout.round(m.value() * f.factor())) : m;
            }
            case OUT_OF_RANGE:
                return m.withValue(Readout.round(f.value().orElse(p.max() * 1.5 + 1)));
            case EPISODE:
                return m.withValue(Readout.round(episode(f, t, m.value())));
            default:
                return m;
        }
    }

    /**
     * A trapezoid: a quarter of the duration rising, half on the plateau, a quarter falling. On the plateau the value
     * is at least the peak (peak + 20 % of the background), so a peak above a limit crosses it at known times.
     */
    static double episode(Fault f, Instant t, double background) {
        double total = Duration.between(f.from(), f.to()).toMillis();
        double x = Duration.between(f.from(), t).toMillis() / total;
        double envelope = x < 0.25 ? x / 0.25 : x > 0.75 ? (1 - x) / 0.25 : 1.0;
        if (f.peak().isPresent()) {
            return background * (1 - envelope) + envelope * (f.peak().get() + 0.2 * background);
        }
        return background * (1 + (f.factor() - 1) * envelope);
    }

    /** Zero check: the analyser sees zero gas / clean water. */
    private static double zero(Parameter p) {
        return Readout.round(Math.max(p.min(), Math.min(p.max(), 0)));
    }

    /** Span check: a reference at a tenth of the range above the minimum. */
    private static double span(Parameter p) {
        return Readout.round(p.min() + 0.1 * (p.max() - p.min()));
    }

    private static boolean has(List<Fault> active, FaultType type) {
        return first(active, type) != null;
    }

    private static Fault first(List<Fault> active, FaultType type) {
        for (Fault f : active) {
            if (f.type() == type) {
                return f;
            }
        }
        return null;
    }

    private void record(String type, int index, Station s, Instant from, Instant to, String detail) {
        if (recorded.add(index + "/" + s.code() + "/" + from)) {
            truth.event(new TruthEvent(type, s.code(), from, to, detail));
        }
    }
}
