package org.quantrac.processor.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's own tables (rollups, AQI), migrated with their own Flyway history table so the processor does not
 * need core to know about them. Run after core's {@code SchemaMigration}; versions start at 100.
 */
public final class ProcessorSchema {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorSchema.class);
    public static final String LOCATION = "classpath:org/quantrac/processor/db/migration";
    static final String HISTORY_TABLE = "processor_schema_history";

    private ProcessorSchema() {
    }

    public static void migrate(DataSource dataSource, String schema) {
        var result = Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .table(HISTORY_TABLE)
                .locations(LOCATION)
                // The schema already holds core's tables: start this history below the processor's first version.
                .baselineOnMigrate(true)
                .baselineVersion("99")
                .load()
                .migrate();
        LOG.info("Processor tables in schema {} at version {} ({} migrations applied)", schema,
                result.targetSchemaVersion, result.migrationsExecuted);
    }
}
