package org.quantrac.simulator.config;

import java.util.ArrayList;
import java.util.List;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;

/** Which stations to simulate: {@code all}, the first {@code N} of the catalog, or a list of codes. */
public final class StationSelection {

    private StationSelection() {
    }

    public static List<Station> select(StationCatalog catalog, String spec) {
        String s = spec.trim();
        if (s.equalsIgnoreCase("all")) {
            return List.copyOf(catalog.all());
        }
        if (s.matches("\\d+")) {
            int n = Integer.parseInt(s);
            if (n < 1 || n > catalog.size()) {
                throw new ConfigException("simulator.stations = " + n + ": the catalog has " + catalog.size()
                        + " stations; for more, use scale mode (synthetic stations)");
            }
            return List.copyOf(new ArrayList<>(catalog.all()).subList(0, n));
        }
        List<Station> out = new ArrayList<>();
        for (String code : s.split(",")) {
            out.add(catalog.byCode(code.trim()).orElseThrow(() -> new ConfigException("simulator.stations: unknown"
                    + " station code '" + code.trim() + "'")));
        }
        return List.copyOf(out);
    }
}
