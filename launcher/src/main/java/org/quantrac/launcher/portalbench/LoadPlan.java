package org.quantrac.launcher.portalbench;

import java.time.LocalDate;
import java.util.List;
import org.quantrac.core.station.Station;

/**
 * What {@link YearLoader} makes present: every listed station's simulated readings on every local day of
 * [{@code firstDay}, {@code lastDay}], valued with {@code seed}, in {@code schema}.
 */
public record LoadPlan(String schema, long seed, LocalDate firstDay, LocalDate lastDay, List<Station> stations) {

    public LoadPlan {
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("schema '" + schema + "' is not a lower-case SQL identifier");
        }
        if (lastDay.isBefore(firstDay)) {
            throw new IllegalArgumentException("last day " + lastDay + " is before first day " + firstDay);
        }
        if (stations.isEmpty()) {
            throw new IllegalArgumentException("no stations to load");
        }
        stations = List.copyOf(stations);
    }

    /** The days of the plan, oldest first. */
    public List<LocalDate> days() {
        return firstDay.datesUntil(lastDay.plusDays(1)).toList();
    }

    /** Rows the plan amounts to when complete. */
    public long expectedRows() {
        long n = 0;
        for (LocalDate d : days()) {
            for (Station s : stations) {
                n += StationDays.expectedRows(s, d);
            }
        }
        return n;
    }
}
