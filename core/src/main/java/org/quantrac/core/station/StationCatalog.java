package org.quantrac.core.station;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.parameter.ParameterCatalog;

/** The stations of a network, loaded from a YAML catalog; immutable and validated on load. */
public final class StationCatalog {

    private static final String RESOURCE = "/org/quantrac/core/catalog/stations.yaml";

    private final Map<String, Station> byCode;
    private final Map<Integer, Station> byId = new HashMap<>();
    private final ParameterCatalog parameters;

    public StationCatalog(Collection<Station> stations, ParameterCatalog parameters) {
        this.parameters = parameters;
        this.byCode = new LinkedHashMap<>();
        for (Station s : stations) {
            if (byCode.put(s.code(), s) != null) {
                throw new IllegalArgumentException("duplicate station code " + s.code());
            }
            if (byId.put(s.id(), s) != null) {
                throw new IllegalArgumentException("duplicate station id " + s.id() + " (" + s.code() + ")");
            }
        }
    }

    /** The synthetic 140-station Quảng Ninh-like catalog shipped with Quantrac. */
    public static StationCatalog builtIn() {
        try (InputStream in = StationCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return parse(in, ParameterCatalog.builtIn(), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** A catalog from a file (the department's own list). */
    public static StationCatalog load(Path file, ParameterCatalog parameters) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, parameters, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read station catalog " + file, e);
        }
    }

    static StationCatalog parse(InputStream in, ParameterCatalog parameters, String origin) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        CatalogFile file = yaml.readValue(in, CatalogFile.class);
        List<Station> stations = new ArrayList<>();
        for (Entry e : file.stations()) {
            stations.add(e.toStation(parameters, origin));
        }
        return new StationCatalog(stations, parameters);
    }

    /** A new catalog with these extra stations (e.g. synthetic ones for a benchmark). */
    public StationCatalog with(Collection<Station> extra) {
        List<Station> all = new ArrayList<>(byCode.values());
        all.addAll(extra);
        return new StationCatalog(all, parameters);
    }

    public Collection<Station> all() {
        return byCode.values();
    }

    public int size() {
        return byCode.size();
    }

    public Optional<Station> byCode(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public Optional<Station> byId(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    public ParameterCatalog parameters() {
        return parameters;
    }

    private record CatalogFile(int version, List<Entry> stations) {
    }

    private record Entry(int id, String code, String name, StationKind kind, String district, double latitude,
                         double longitude, Protocol protocol, int intervalSeconds, boolean aqiEligible,
                         List<String> parameters, String limitClass, Double kq, Double kf) {

        Station toStation(ParameterCatalog catalog, String origin) {
            if (code == null || kind == null || protocol == null || parameters == null || parameters.isEmpty()) {
                throw new IllegalArgumentException(origin + ": station " + id
                        + " needs code, kind, protocol and parameters");
            }
            List<Parameter> resolved = new ArrayList<>();
            for (String symbol : parameters) {
                resolved.add(catalog.bySymbol(kind.medium(), symbol).orElseThrow(() -> new IllegalArgumentException(
                        origin + ": station " + code + " lists unknown " + kind.medium() + " parameter '" + symbol
                                + "'; add it to parameters.yaml or fix the symbol")));
            }
            return new Station(id, code, name, kind, district, latitude, longitude, protocol,
                    Duration.ofSeconds(intervalSeconds), resolved, aqiEligible, Optional.ofNullable(limitClass),
                    kq == null ? 1.0 : kq, kf == null ? 1.0 : kf);
        }
    }
}
