package org.quantrac.processor.qc;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.quantrac.core.parameter.Medium;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.parameter.ParameterCatalog;

/** Spike and flatline limits per parameter, from {@code series-limits.yaml} with defaults for the rest. */
public final class SeriesLimits {

    private static final String RESOURCE = "/org/quantrac/processor/qc/series-limits.yaml";

    /**
     * @param spikePerMinute largest plausible change per minute, canonical unit
     * @param flatlineCount  identical consecutive values that flag FLATLINE; 0 = never
     */
    public record Limit(double spikePerMinute, int flatlineCount) {
    }

    private final Limit[] byParameterId;

    private SeriesLimits(Limit[] byParameterId) {
        this.byParameterId = byParameterId;
    }

    /** The limit of a catalog parameter (never null for a catalog id). */
    public Limit of(int parameterId) {
        return byParameterId[parameterId];
    }

    /** The limits shipped with the processor, resolved against the catalog. */
    public static SeriesLimits builtIn(ParameterCatalog catalog) {
        try (InputStream in = SeriesLimits.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            File file = new ObjectMapper(new YAMLFactory())
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true).readValue(in, File.class);
            return resolve(file, catalog);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** Same limits for every parameter (tests). */
    public static SeriesLimits uniform(ParameterCatalog catalog, double spikePerMinute, int flatlineCount) {
        return resolve(new File(1, new Defaults(0, flatlineCount), List.of()), catalog, spikePerMinute);
    }

    private static SeriesLimits resolve(File file, ParameterCatalog catalog) {
        return resolve(file, catalog, Double.NaN);
    }

    private static SeriesLimits resolve(File file, ParameterCatalog catalog, double uniformSpike) {
        Map<Integer, Entry> entries = new HashMap<>();
        for (Entry e : file.parameters()) {
            Parameter p = catalog.bySymbol(e.medium(), e.symbol()).orElseThrow(() -> new IllegalArgumentException(
                    RESOURCE + ": unknown parameter " + e.medium() + "/" + e.symbol()));
            entries.put(p.id(), e);
        }
        int maxId = catalog.all().stream().mapToInt(Parameter::id).max().orElse(0);
        Limit[] limits = new Limit[maxId + 1];
        for (Parameter p : catalog.all()) {
            Entry e = entries.get(p.id());
            double spike = !Double.isNaN(uniformSpike) ? uniformSpike
                    : e != null && e.spikePerMinute() != null ? e.spikePerMinute()
                    : file.defaults().spikeRangeFractionPerMinute() * (p.max() - p.min());
            int flatline = e != null && e.flatlineCount() != null ? e.flatlineCount()
                    : file.defaults().flatlineCount();
            limits[p.id()] = new Limit(spike, flatline);
        }
        return new SeriesLimits(limits);
    }

    private record File(int version, Defaults defaults, List<Entry> parameters) {
    }

    private record Defaults(double spikeRangeFractionPerMinute, int flatlineCount) {
    }

    private record Entry(Medium medium, String symbol, Double spikePerMinute, Integer flatlineCount) {
    }
}
