package org.quantrac.core.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings a database to the current schema (Flyway) and seeds it with the station and parameter catalog. */
public final class SchemaMigration {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigration.class);
    /**
     * Every module puts its migrations in this one package, each in its own version range (core V1–V99, processor
     * V100–V199, alerting V200–V299, portal V300–V399), so a role migrates exactly the tables of the modules it runs.
     */
    public static final String LOCATION = "classpath:org/quantrac/db/migration";

    private SchemaMigration() {
    }

    /**
     * Migrates {@code schema} (created when missing) and upserts the catalog. Connections of the roles must use the
     * same schema ({@code currentSchema} in the JDBC URL).
     */
    public static void migrate(DataSource dataSource, String schema, StationCatalog catalog) {
        var result = Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .locations(LOCATION)
                // A role with more modules (the launcher) may apply another module's lower-range migration later.
                .outOfOrder(true)
                .load()
                .migrate();
        LOG.info("Database schema {} at version {} ({} migrations applied)", schema,
                result.targetSchemaVersion, result.migrationsExecuted);
        seed(dataSource, catalog);
    }

    /** Upserts parameters, stations and their parameter lists; catalog edits take effect at the next start. */
    public static void seed(DataSource dataSource, StationCatalog catalog) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO parameter (id, medium, symbol, name, unit, min_value, max_value) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET medium = EXCLUDED.medium, "
                            + "symbol = EXCLUDED.symbol, name = EXCLUDED.name, unit = EXCLUDED.unit, "
                            + "min_value = EXCLUDED.min_value, max_value = EXCLUDED.max_value")) {
                for (Parameter parameter : catalog.parameters().all()) {
                    p.setShort(1, (short) parameter.id());
                    p.setString(2, parameter.medium().name());
                    p.setString(3, parameter.symbol());
                    p.setString(4, parameter.name());
                    p.setString(5, parameter.unit());
                    p.setDouble(6, parameter.min());
                    p.setDouble(7, parameter.max());
                    p.addBatch();
                }
                p.executeBatch();
            }
            upsertStations(c, catalog, false);
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot seed the station catalog into the database: " + e.getMessage(), e);
        }
    }

    /** Upserts stations (and their parameter lists) in the caller's transaction. */
    public static void upsertStations(Connection c, StationCatalog catalog, boolean synthetic) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO station (id, code, name, kind, district, latitude, longitude, protocol, interval_seconds, "
                        + "aqi_eligible, limit_class, kq, kf, synthetic) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                        + "ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, name = EXCLUDED.name, "
                        + "kind = EXCLUDED.kind, district = EXCLUDED.district, latitude = EXCLUDED.latitude, "
                        + "longitude = EXCLUDED.longitude, protocol = EXCLUDED.protocol, "
                        + "interval_seconds = EXCLUDED.interval_seconds, aqi_eligible = EXCLUDED.aqi_eligible, "
                        + "limit_class = EXCLUDED.limit_class, kq = EXCLUDED.kq, kf = EXCLUDED.kf, "
                        + "synthetic = EXCLUDED.synthetic, updated_at = now()");
             PreparedStatement sp = c.prepareStatement(
                     "INSERT INTO station_parameter (station_id, parameter_id, position) VALUES (?, ?, ?) "
                             + "ON CONFLICT (station_id, parameter_id) DO UPDATE SET position = EXCLUDED.position")) {
            for (Station st : catalog.all()) {
                s.setInt(1, st.id());
                s.setString(2, st.code());
                s.setString(3, st.name() == null ? st.code() : st.name());
                s.setString(4, st.kind().name());
                s.setString(5, st.district());
                s.setDouble(6, st.latitude());
                s.setDouble(7, st.longitude());
                s.setString(8, st.protocol().name());
                s.setInt(9, (int) st.interval().toSeconds());
                s.setBoolean(10, st.aqiEligible());
                s.setString(11, st.limitClass().orElse(null));
                s.setDouble(12, st.kq());
                s.setDouble(13, st.kf());
                s.setBoolean(14, synthetic);
                s.addBatch();
                short pos = 0;
                for (Parameter p : st.parameters()) {
                    sp.setInt(1, st.id());
                    sp.setShort(2, (short) p.id());
                    sp.setShort(3, pos++);
                    sp.addBatch();
                }
            }
            s.executeBatch();
            sp.executeBatch();
        }
    }
}
