package org.quantrac.processor.qc;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.quantrac.core.reading.QcFlag;

/**
 * Checks that compare a reading with the previous ones of its series (station, parameter): SPIKE and FLATLINE.
 *
 * <p>State is kept in memory per series. Readings of one station arrive in order within their Kafka partition (the
 * key is the station code), so the previous reading is the previous one measured. After a restart or a rebalance a
 * series starts without history: its first reading is not checked. A reading older than the last one seen (a re-sent
 * or backfilled reading) is not checked and does not move the state.
 *
 * <p>Only readings without other flags feed the state. A spike does not become the new baseline, so the return to
 * normal is not flagged as a second spike; but after {@value #LEVEL_SHIFT_SPIKES} spikes in a row the level is taken as
 * real (an actual step change, a recalibrated instrument) and becomes the baseline.
 */
public final class SeriesChecks {

    static final int LEVEL_SHIFT_SPIKES = 3;
    /** Station and parameter ids below these are kept in arrays (a few MB at most); others in a map. */
    private static final int MAX_STATION_ID = 1 << 20;
    private static final int MAX_PARAMETER_ID = 1 << 12;
    private static final long MICROS_PER_MINUTE = 60_000_000L;
    /** Beyond this gap the previous reading says nothing about the rate of change. */
    private static final long MAX_GAP_MICROS = 60 * MICROS_PER_MINUTE;

    private final SeriesLimits limits;
    /** Per station id, per parameter id: no boxed key, no hashing, for the ids our catalog uses. */
    private State[][] byStation = new State[1024][];
    /** Ids beyond the arrays' limits (not expected from the catalog), by {@link #seriesKey}. */
    private final Map<Long, State> others = new HashMap<>();
    private int series;

    public SeriesChecks(SeriesLimits limits) {
        this.limits = limits;
    }

    private static final class State {
        long lastMicros;
        double baseline;
        double lastValue;
        int repeats;
        int spikesInARow;
    }

    /**
     * @param otherFlags flags already found for this reading (status, range)
     * @return SPIKE and/or FLATLINE bits
     */
    public int flags(int stationId, int parameterId, long epochMicros, double value, int otherFlags) {
        if (otherFlags != 0) {
            return 0;
        }
        State s = state(stationId, parameterId);
        if (s == null) {
            s = new State();
            s.lastMicros = epochMicros;
            s.baseline = value;
            s.lastValue = value;
            s.repeats = 1;
            put(stationId, parameterId, s);
            series++;
            return 0;
        }
        if (epochMicros <= s.lastMicros) {
            return 0;
        }
        SeriesLimits.Limit limit = limits.of(parameterId);
        long gap = epochMicros - s.lastMicros;
        int flags = 0;
        if (gap <= MAX_GAP_MICROS) {
            double minutes = Math.max(1.0, (double) gap / MICROS_PER_MINUTE);
            if (Math.abs(value - s.baseline) > limit.spikePerMinute() * minutes) {
                flags |= QcFlag.SPIKE.bit();
            }
        }
        s.repeats = value == s.lastValue ? s.repeats + 1 : 1;
        if (limit.flatlineCount() > 0 && s.repeats >= limit.flatlineCount()) {
            flags |= QcFlag.FLATLINE.bit();
        }
        if ((flags & QcFlag.SPIKE.bit()) != 0) {
            s.spikesInARow++;
            if (s.spikesInARow >= LEVEL_SHIFT_SPIKES) {
                s.baseline = value;
                s.spikesInARow = 0;
            }
        } else {
            s.baseline = value;
            s.spikesInARow = 0;
        }
        s.lastMicros = epochMicros;
        s.lastValue = value;
        return flags;
    }

    private static boolean inArrays(int stationId, int parameterId) {
        return stationId >= 0 && stationId < MAX_STATION_ID && parameterId >= 0 && parameterId < MAX_PARAMETER_ID;
    }

    private State state(int stationId, int parameterId) {
        if (!inArrays(stationId, parameterId)) {
            return others.get(seriesKey(stationId, parameterId));
        }
        if (stationId >= byStation.length) {
            return null;
        }
        State[] row = byStation[stationId];
        return row == null || parameterId >= row.length ? null : row[parameterId];
    }

    private void put(int stationId, int parameterId, State s) {
        if (!inArrays(stationId, parameterId)) {
            others.put(seriesKey(stationId, parameterId), s);
            return;
        }
        if (stationId >= byStation.length) {
            byStation = Arrays.copyOf(byStation, Math.min(MAX_STATION_ID, Math.max(stationId + 1,
                    byStation.length * 2)));
        }
        State[] row = byStation[stationId];
        if (row == null || parameterId >= row.length) {
            row = row == null ? new State[Math.max(16, parameterId + 1)]
                    : Arrays.copyOf(row, Math.max(parameterId + 1, row.length * 2));
            byStation[stationId] = row;
        }
        row[parameterId] = s;
    }

    /**
     * A unique, well-spread key for ids outside the arrays: {@code station << 16 | parameter} hashed by
     * {@link Long#hashCode} fills only a few tens of thousands of buckets for 100,000 series (long chains). The SplitMix64 finaliser is a bijection, so distinct series keep distinct keys.
     */
    static long seriesKey(int stationId, int parameterId) {
        long z = (long) stationId << 16 | (parameterId & 0xFFFF);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Series with state (for metrics). */
    public int series() {
        return series;
    }
}
