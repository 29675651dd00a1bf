package org.quantrac.core.config;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.quantrac.core.parameter.ParameterCatalog;
import org.quantrac.core.station.StationCatalog;

/**
 * A role's typed configuration with the station catalog it serves, read together so that every role of one
 * deployment knows the same stations: {@code catalog.file} (the department's own list, {@code QUANTRAC_CATALOG_FILE})
 * or, when unset, the built-in synthetic catalog. A catalog that cannot be read stops startup like any bad setting.
 *
 * @param config  the role's typed configuration
 * @param catalog the stations (and their parameters) the role serves
 */
public record RoleSetup<T>(T config, StationCatalog catalog) {

    /** The configuration key naming a station catalog file. */
    public static final String CATALOG_FILE = "catalog.file";

    /**
     * Reads the role's configuration the one way every role reads it ({@link ConfigSource#forRole}) plus the catalog.
     *
     * @param catalogOverride a {@code --catalog} command-line file, which wins over {@code catalog.file}; or null
     */
    public static <T> RoleSetup<T> read(String role, Path configFile, Path catalogOverride,
                                        Function<ConfigSource, T> reader) {
        return ConfigSource.forRole(role, configFile, c -> {
            T config = reader.apply(c);
            Optional<Path> configured = c.optional(CATALOG_FILE).map(Path::of); // read always: a known key
            Optional<Path> file = Optional.ofNullable(catalogOverride).or(() -> configured);
            return new RoleSetup<>(config, catalog(file));
        });
    }

    /** The catalog in the file, or the built-in one when there is none. */
    public static StationCatalog catalog(Optional<Path> file) {
        if (file.isEmpty()) {
            return StationCatalog.builtIn();
        }
        try {
            return StationCatalog.load(file.get(), ParameterCatalog.builtIn());
        } catch (RuntimeException e) {
            throw new ConfigException("cannot use the station catalog " + file.get() + " (" + CATALOG_FILE
                    + " or --catalog): " + e.getMessage());
        }
    }
}
