package org.quantrac.launcher;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.quantrac.core.config.RoleSetup;
import org.quantrac.core.db.Database;
import org.quantrac.core.db.MigrationConfig;
import org.quantrac.core.db.SchemaMigration;
import org.quantrac.processor.db.ProcessorSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./quantrac migrate}: brings the database schema of every module up to date, seeds the station catalog and
 * exits — the Kubernetes migration Job, or a manual upgrade step before the roles start.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Create or upgrade every table (core, processor, alerting, portal) and seed the catalog, then exit.",
                "Configuration keys: migrate.schema (default public), db.* (or QUANTRAC_* environment variables)."})
final class MigrateCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(MigrateCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file")
    Path config;

    @Option(names = "--catalog", paramLabel = "FILE",
            description = "station catalog YAML to seed (default: catalog.file, else the built-in synthetic catalog)")
    Path catalog;

    @Override
    public Integer call() {
        RoleSetup<MigrationConfig> setup = RoleSetup.read("Migration", config, catalog, MigrationConfig::from);
        MigrationConfig migration = setup.config();
        try (HikariDataSource ds = Database.pool(migration.schemaDatabase(), "migrate")) {
            // Core, alerting and portal share one history (their migrations share a package); the processor's
            // rollup tables keep their own (docs/architecture.md, ADR 9).
            SchemaMigration.migrate(ds, migration.schema(), setup.catalog());
            ProcessorSchema.migrate(ds, migration.schema());
        }
        LOG.info("Database schema {} is up to date", migration.schema());
        return 0;
    }
}
