package org.quantrac.core.parameter;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The parameters Quantrac knows, loaded from {@code parameters.yaml}; immutable. */
public final class ParameterCatalog {

    private static final String RESOURCE = "/org/quantrac/core/catalog/parameters.yaml";

    private final List<Parameter> parameters;
    private final Parameter[] byId;
    private final Map<String, Parameter> byKey = new HashMap<>();

    public ParameterCatalog(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
        int maxId = parameters.stream().mapToInt(Parameter::id).max().orElse(0);
        this.byId = new Parameter[maxId + 1];
        for (Parameter p : parameters) {
            if (byId[p.id()] != null) {
                throw new IllegalArgumentException("duplicate parameter id " + p.id());
            }
            byId[p.id()] = p;
            if (byKey.put(p.key(), p) != null) {
                throw new IllegalArgumentException("duplicate parameter " + p.key());
            }
        }
    }

    /** The catalog shipped with Quantrac. */
    public static ParameterCatalog builtIn() {
        try (InputStream in = ParameterCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
            File file = yaml.readValue(in, File.class);
            return new ParameterCatalog(file.parameters());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private record File(int version, List<Parameter> parameters) {
    }

    public Collection<Parameter> all() {
        return parameters;
    }

    public Optional<Parameter> byId(int id) {
        return id > 0 && id < byId.length ? Optional.ofNullable(byId[id]) : Optional.empty();
    }

    /** Finds a parameter by medium and Circular 10/2021 symbol; symbol match is exact, then case-insensitive. */
    public Optional<Parameter> bySymbol(Medium medium, String symbol) {
        Parameter exact = byKey.get(medium + "/" + symbol);
        if (exact != null) {
            return Optional.of(exact);
        }
        // Dataloggers in the field write "PM2.5" as often as the circular's "PM2,5", and vary case.
        String wanted = normalise(symbol);
        return parameters.stream()
                .filter(p -> p.medium() == medium && normalise(p.symbol()).equals(wanted))
                .findFirst();
    }

    private static String normalise(String symbol) {
        return symbol.trim().replace('.', ',').toLowerCase(java.util.Locale.ROOT);
    }
}
