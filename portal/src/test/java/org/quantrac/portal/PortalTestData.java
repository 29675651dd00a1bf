package org.quantrac.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.config.DatabaseConfig;
import org.quantrac.core.db.SchemaMigration;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;
import org.quantrac.portal.config.PortalConfig;

/**
 * A schema of its own with known readings, for the portal's integration tests.
 *
 * <p>Day {@link #DAY} (local, Asia/Ho_Chi_Minh) of station QN-AQ-01 (id 1): one PM2,5 reading per minute, value
 * {@code 10 + local hour}, except minute 30 of every hour which is 999 with the RANGE flag (excluded from averages);
 * PM10 constantly 40. So hourly PM2,5 averages are 10..33, the local day's average is 21.5, the UTC day 19 holds
 * local hours 0–6 (average 13) and the UTC day 20 local hours 7–23 (average 25).
 */
public final class PortalTestData {

    public static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");
    public static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    /** The clock of the tests: two days after {@link #DAY}. */
    public static final Instant NOW = Instant.parse("2026-11-22T05:00:00Z");

    private PortalTestData() {
    }

    /** Migrates a fresh schema (core, and the processor's and alerting's tables when asked). */
    public static DatabaseConfig schema(String prefix, boolean processorTables, boolean alertTables) {
        String schema = TestServices.unique(prefix);
        DatabaseConfig db = TestServices.freshSchema(schema);
        try (var ds = org.quantrac.core.db.Database.pool(db, "test-migrate")) {
            SchemaMigration.migrate(ds, schema, StationCatalog.builtIn());
        }
        if (processorTables) {
            execute(db, siblingSql("stream-processor", "V100__"));
            execute(db, siblingSql("stream-processor", "V101__"));
        }
        if (alertTables) {
            execute(db, siblingSql("alerting", "V200__"));
        }
        return db;
    }

    /** The other module's migration script itself, so the tests break when the contract changes. */
    static String siblingSql(String module, String prefix) {
        Path root = Path.of("..", module, "src", "main", "resources");
        try (Stream<Path> files = Files.walk(root)) {
            Path file = files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.toString().endsWith(".sql")).findFirst().orElseThrow(() -> new IllegalStateException(
                    "no " + prefix + "*.sql under " + root.toAbsolutePath()));
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + module + "'s migration under " + root, e);
        }
    }

    public static void execute(DatabaseConfig db, String sql) {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed: " + e.getMessage(), e);
        }
    }

    public static long count(DatabaseConfig db, String sql) {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             Statement st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed: " + e.getMessage(), e);
        }
    }

    /** The known day of QN-AQ-01 (see the class comment). */
    public static void insertKnownDay(DatabaseConfig db) {
        Instant start = DAY.atStartOfDay(VN).toInstant();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement st = c.prepareStatement("INSERT INTO reading (time, station_id, parameter_id, value, "
                     + "status, qc_flags) VALUES (?, ?, ?, ?, 0, ?)")) {
            c.setAutoCommit(false);
            for (int m = 0; m < 1440; m++) {
                Instant t = start.plusSeconds(60L * m);
                boolean flagged = m % 60 == 30;
                st.setObject(1, t.atOffset(ZoneOffset.UTC));
                st.setInt(2, 1);
                st.setInt(3, 1);
                st.setDouble(4, flagged ? 999 : 10 + m / 60);
                st.setInt(5, flagged ? 4 : 0);
                st.addBatch();
                st.setObject(1, t.atOffset(ZoneOffset.UTC));
                st.setInt(2, 1);
                st.setInt(3, 2);
                st.setDouble(4, 40);
                st.setInt(5, 0);
                st.addBatch();
            }
            st.executeBatch();
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot insert test readings: " + e.getMessage(), e);
        }
    }

    /** Hourly and daily rollups of what is stored, computed the processor's way (for the tables' read path). */
    public static void rollUp(DatabaseConfig db) {
        execute(db, "INSERT INTO reading_hourly (station_id, parameter_id, hour_start, avg_value, min_value, "
                + "max_value, sum_value, valid_count, total_count, expected_count, completeness, valid) "
                + "SELECT station_id, parameter_id, date_trunc('hour', time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "
                + "avg(value) FILTER (WHERE qc_flags & 31 = 0), min(value) FILTER (WHERE qc_flags & 31 = 0), "
                + "max(value) FILTER (WHERE qc_flags & 31 = 0), coalesce(sum(value) FILTER (WHERE qc_flags & 31 = 0), 0), "
                + "count(*) FILTER (WHERE qc_flags & 31 = 0), count(*), 60, "
                + "least(1, count(*) FILTER (WHERE qc_flags & 31 = 0) / 60.0), "
                + "count(*) FILTER (WHERE qc_flags & 31 = 0) >= 45 FROM reading GROUP BY 1, 2, 3");
        execute(db, "INSERT INTO reading_daily (station_id, parameter_id, day, avg_value, min_value, max_value, "
                + "valid_count, total_count, expected_count, completeness, valid) "
                + "SELECT station_id, parameter_id, (hour_start AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, "
                + "sum(sum_value) / nullif(sum(valid_count), 0), min(min_value), max(max_value), sum(valid_count), "
                + "sum(total_count), 1440, least(1, sum(valid_count) / 1440.0), sum(valid_count) >= 1080 "
                + "FROM reading_hourly GROUP BY 1, 2, 3");
    }

    /** A portal on that configuration, the built-in catalog and a clock fixed at {@link #NOW}. */
    public static PortalApp start(DatabaseConfig db, Map<String, String> extra) {
        return PortalApp.start(config(db, extra), StationCatalog.builtIn(), OpsServer.newRegistry(),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** Portal configuration on free ports against the schema; extra keys override. */
    public static PortalConfig config(DatabaseConfig db, Map<String, String> extra) {
        Map<String, String> m = new HashMap<>();
        m.put("portal.port", "0");
        m.put("portal.host", "127.0.0.1");
        m.put("portal.ops.port", "0");
        m.put("portal.live.enabled", "false");
        m.put("db.url", db.url());
        m.put("db.user", db.user());
        m.put("db.password", db.password());
        Optional.ofNullable(System.getenv("QUANTRAC_TEST_KAFKA")).ifPresent(k -> m.put("kafka.bootstrapServers", k));
        m.putAll(extra);
        return PortalConfig.from(ConfigSource.of(m));
    }
}
