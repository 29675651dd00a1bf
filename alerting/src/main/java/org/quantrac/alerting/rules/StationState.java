package org.quantrac.alerting.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.quantrac.core.station.Station;

/** The evaluator's state for one station: its rules' states and the recent readings late data is re-judged with. */
final class StationState {

    /** Station-wide series of "any value with status 02" per instant, for DEVICE_ERROR rules. */
    static final int ERROR_SERIES = -1;
    /** Station-wide series of hourly AQI values (at the end of their hour), for AQI rules. */
    static final int AQI_SERIES = -2;

    Instant lastSeen;
    Instant watchedSince;
    /** The clock when the station's newest observation arrived (decided observations only). */
    Instant lastArrival;
    final Map<String, RuleState> rules = new HashMap<>();
    /** parameter id (or {@link #ERROR_SERIES}) -> recent readings, for the parameters the station's rules judge. */
    final Map<Integer, Series> history = new HashMap<>();
    /** How far behind the newest reading each series is kept, for the rule book it was computed from. */
    private final Map<Integer, Duration> keep = new HashMap<>();
    private int keepCount;
    private List<StationRule> keptFor;

    RuleState rule(String id) {
        return rules.computeIfAbsent(id, k -> new RuleState());
    }

    /**
     * The series this station keeps, recomputed when the rules change: one per judged parameter, for the late-data
     * horizon plus the longest window on it (a late reading's window must be rebuilt from the readings before it).
     */
    void retention(Station station, List<StationRule> rules, Duration lateHorizon) {
        if (rules == keptFor) {
            return;
        }
        keptFor = rules;
        keep.clear();
        keepCount = 2;
        for (StationRule r : rules) {
            int key;
            if (r.kind() == RuleKind.DEVICE_ERROR) {
                key = ERROR_SERIES;
            } else if (r.kind() == RuleKind.AQI) {
                key = AQI_SERIES;
            } else if (r.kind().isValueRule()) {
                key = r.parameter().id();
            } else {
                continue;
            }
            Duration span = lateHorizon.plus(r.rule().window()).plus(station.interval());
            keep.merge(key, span, (a, b) -> a.compareTo(b) >= 0 ? a : b);
            keepCount = Math.max(keepCount, r.rule().repeats() + 1);
        }
        history.keySet().retainAll(keep.keySet());
    }

    /** The series of a parameter the rules judge, or null when none does. */
    Series series(int key) {
        Duration span = keep.get(key);
        return span == null ? null : history.computeIfAbsent(key, k -> new Series());
    }

    /** Drops what is older than needed behind the newest reading. */
    void prune(int key, Series s, Instant newest) {
        Duration span = keep.get(key);
        if (span != null) {
            s.prune(newest.minus(span).toEpochMilli(), keepCount);
        }
    }
}
