package org.quantrac.core.db;

import org.quantrac.core.config.ConfigException;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.config.DatabaseConfig;

/**
 * What {@code ./quantrac migrate} needs: the database and the schema to bring up to date.
 *
 * @param schema {@code migrate.schema}, default {@code public}
 */
public record MigrationConfig(DatabaseConfig database, String schema) {

    public static MigrationConfig from(ConfigSource c) {
        String schema = c.string("migrate.schema", "public");
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new ConfigException("configuration migrate.schema = '" + schema
                    + "' is invalid: expected a lower-case SQL identifier such as public");
        }
        return new MigrationConfig(DatabaseConfig.from(c), schema);
    }

    /** The database settings with connections defaulting to {@link #schema()} (TimescaleDB's functions stay found). */
    public DatabaseConfig schemaDatabase() {
        return database.inSchema(schema);
    }
}
