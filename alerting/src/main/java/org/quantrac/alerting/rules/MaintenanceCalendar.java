package org.quantrac.alerting.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The declared maintenance windows, by station; immutable (a change makes a new calendar). */
public final class MaintenanceCalendar {

    public static final MaintenanceCalendar EMPTY = new MaintenanceCalendar(List.of());

    private final Map<String, List<MaintenanceWindow>> byStation = new HashMap<>();

    public MaintenanceCalendar(Collection<MaintenanceWindow> windows) {
        for (MaintenanceWindow w : windows) {
            byStation.computeIfAbsent(w.stationCode(), k -> new ArrayList<>()).add(w);
        }
    }

    /** Whether the station is under declared maintenance at this instant. */
    public boolean inMaintenance(String stationCode, Instant t) {
        for (MaintenanceWindow w : byStation.getOrDefault(stationCode, List.of())) {
            if (w.covers(t)) {
                return true;
            }
        }
        return false;
    }

    /** The end of the station's latest window that ended at or before {@code t}. */
    public Optional<Instant> lastEndBefore(String stationCode, Instant t) {
        Instant best = null;
        for (MaintenanceWindow w : byStation.getOrDefault(stationCode, List.of())) {
            if (!w.to().isAfter(t) && (best == null || w.to().isAfter(best))) {
                best = w.to();
            }
        }
        return Optional.ofNullable(best);
    }

    public List<MaintenanceWindow> of(String stationCode) {
        return List.copyOf(byStation.getOrDefault(stationCode, List.of()));
    }

    public List<MaintenanceWindow> all() {
        List<MaintenanceWindow> out = new ArrayList<>();
        byStation.values().forEach(out::addAll);
        return out;
    }

    public MaintenanceCalendar with(MaintenanceWindow w) {
        List<MaintenanceWindow> all = all();
        all.add(w);
        return new MaintenanceCalendar(all);
    }

    public MaintenanceCalendar without(long id) {
        List<MaintenanceWindow> all = all();
        all.removeIf(w -> w.id() == id);
        return new MaintenanceCalendar(all);
    }
}
