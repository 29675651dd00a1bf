package org.quantrac.simulator.scenario;

import java.util.Set;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationKind;

/** Which stations a fault or calibration plan applies to: all, by code, or by kind. */
public record StationFilter(boolean all, Set<String> codes, Set<StationKind> kinds) {

    public StationFilter {
        codes = Set.copyOf(codes);
        kinds = Set.copyOf(kinds);
    }

    public boolean matches(Station s) {
        return all || codes.contains(s.code()) || kinds.contains(s.kind());
    }
}
