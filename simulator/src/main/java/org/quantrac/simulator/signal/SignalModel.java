package org.quantrac.simulator.signal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.reading.StationStatus;
import org.quantrac.core.station.Station;

/**
 * The simulated truth: what each station's instruments read at any instant. A pure function of (seed, station code,
 * parameter, time): the same seed always gives the same readings, so tests can recompute what the simulator sent.
 */
public final class SignalModel {

    private final long seed;

    public SignalModel(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** The reading of one parameter at {@code t}, inside the parameter's plausible range and rounded. */
    public double value(Station station, Parameter parameter, Instant t) {
        return finish(parameter, raw(context(station, t), station, parameter));
    }

    /** All of the station's parameters at {@code t}, status "measuring". */
    public Observation observe(Station station, Instant t) {
        Context c = context(station, t);
        List<Measurement> values = new ArrayList<>(station.parameters().size());
        for (Parameter p : station.parameters()) {
            values.add(new Measurement(p, finish(p, raw(c, station, p)), StationStatus.MEASURING));
        }
        return new Observation(station, t, values);
    }

    /** The weather of the station's district (for scenario checks and documentation). */
    public Weather weather(Station station, Instant t) {
        return Weather.of(districtKey(station), t);
    }

    private Context context(Station station, Instant t) {
        long stationKey = Noise.key(seed, station.code());
        return new Context(stationKey, t, StationTime.of(t), Weather.of(districtKey(station), t),
                Math.max(1, station.interval().getSeconds()));
    }

    private long districtKey(Station station) {
        String district = station.district() == null ? station.code() : station.district();
        return Noise.key(seed, "district:" + district);
    }

    private static double raw(Context c, Station station, Parameter p) {
        switch (station.kind().medium()) {
            case AIR:
                return AirSignals.value(p.symbol(), c);
            case STACK:
                return StackSignals.value(p.symbol(), c);
            default:
                return WaterSignals.value(station.kind(), p.symbol(), c);
        }
    }

    private static double finish(Parameter p, double v) {
        double clamped = Math.max(p.min(), Math.min(p.max(), Double.isFinite(v) ? v : p.min()));
        return Math.max(p.min(), Math.min(p.max(), Readout.round(clamped)));
    }
}
