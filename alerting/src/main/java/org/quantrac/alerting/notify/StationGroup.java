package org.quantrac.alerting.notify;

import java.util.List;
import java.util.Set;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationKind;

/**
 * A named set of stations for subscriptions: listed codes, or every station of some kinds and/or districts. A station
 * is in the group when it is listed, or when it matches every selector that is given.
 */
public record StationGroup(String name, Set<String> stations, Set<StationKind> kinds, Set<String> districts) {

    public static final String ALL = "all";

    public StationGroup {
        stations = Set.copyOf(stations);
        kinds = Set.copyOf(kinds);
        districts = Set.copyOf(districts);
    }

    public boolean contains(Station s) {
        if (ALL.equals(name) || stations.contains(s.code())) {
            return true;
        }
        if (kinds.isEmpty() && districts.isEmpty()) {
            return false;
        }
        return (kinds.isEmpty() || kinds.contains(s.kind()))
                && (districts.isEmpty() || districts.contains(s.district()));
    }

    static StationGroup all() {
        return new StationGroup(ALL, Set.of(), Set.of(), Set.of());
    }

    static List<String> names(List<StationGroup> groups) {
        return groups.stream().map(StationGroup::name).toList();
    }
}
