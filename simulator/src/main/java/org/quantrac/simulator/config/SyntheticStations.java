package org.quantrac.simulator.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.quantrac.core.parameter.Medium;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.parameter.ParameterCatalog;
import org.quantrac.core.station.Protocol;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationKind;

/**
 * Stations beyond the catalog for scale benchmarks: {@code SYN-00001} … with ids from {@value #FIRST_ID}, ambient air
 * stations with the first M air parameters, spread over the province. The pipeline under test must know them too:
 * build the same list on both sides and add it with {@code StationCatalog.with(...)}.
 */
public final class SyntheticStations {

    public static final int FIRST_ID = 100_000;
    private static final String[] DISTRICTS = {"Hạ Long", "Cẩm Phả", "Uông Bí", "Móng Cái", "Quảng Yên", "Đông Triều",
        "Vân Đồn"};

    private SyntheticStations() {
    }

    /**
     * @param count      N stations
     * @param parameters M parameters each (at most the number of air parameters in the catalog)
     * @param interval   sampling interval of every station
     */
    public static List<Station> create(int count, int parameters, Duration interval, ParameterCatalog catalog) {
        List<Parameter> air = catalog.all().stream().filter(p -> p.medium() == Medium.AIR).toList();
        if (parameters < 1 || parameters > air.size()) {
            throw new IllegalArgumentException("synthetic stations can have 1 to " + air.size()
                    + " parameters (the catalog's air parameters), not " + parameters);
        }
        if (count < 1 || count > 1_000_000) {
            throw new IllegalArgumentException("synthetic station count must be 1 to 1000000, not " + count);
        }
        List<Parameter> chosen = air.subList(0, parameters);
        List<Station> out = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String district = DISTRICTS[i % DISTRICTS.length];
            double lat = 20.9 + 0.4 * ((i * 0.618034) % 1.0);
            double lon = 106.6 + 1.2 * ((i * 0.414214) % 1.0);
            out.add(new Station(FIRST_ID + i, String.format(Locale.ROOT, "SYN-%05d", i), "Synthetic station " + i,
                    StationKind.AMBIENT_AIR, district, lat, lon, Protocol.MQTT_JSON, interval, chosen, false,
                    Optional.empty(), 1.0, 1.0));
        }
        return out;
    }
}
