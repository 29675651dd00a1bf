package org.quantrac.processor.latest;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quantrac.core.db.Database;
import org.quantrac.core.db.SchemaMigration;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;
import org.quantrac.processor.db.ProcessorSchema;
import org.quantrac.processor.sink.ReadingBatch;

/** reading_latest on a real TimescaleDB: the migration's backfill, the guarded upsert and the refresh from reading. */
class LatestStoreIT {

    private static final StationCatalog CATALOG = StationCatalog.builtIn();
    /** Not a whole second: the microseconds must survive the trip. */
    private static final long T0 = Instant.parse("2026-11-27T00:00:00Z").toEpochMilli() * 1000 + 123_457;
    private static final long MINUTE = 60_000_000L;

    private String schema;
    private HikariDataSource ds;

    @BeforeEach
    void coreTablesOnly() {
        schema = TestServices.unique("latest_it");
        ds = Database.pool(TestServices.freshSchema(schema), "latest-it");
        SchemaMigration.migrate(ds, schema, CATALOG);
    }

    @AfterEach
    void closePool() {
        ds.close();
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Rows of a query as "station/parameter" → "micros value status flags". */
    private Map<String, String> rows(String sql) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getInt(1) + "/" + rs.getInt(2), rs.getLong(3) + " " + rs.getDouble(4) + " " + rs.getInt(5)
                        + " " + rs.getInt(6));
            }
        }
        return out;
    }

    private Map<String, String> latestTable() throws SQLException {
        return rows("SELECT station_id, parameter_id, (extract(epoch FROM time) * 1000000)::bigint, value, status, "
                + "qc_flags FROM reading_latest");
    }

    /** The newest row per series, straight from the readings. */
    private Map<String, String> newestReadings() throws SQLException {
        return rows("SELECT DISTINCT ON (station_id, parameter_id) station_id, parameter_id, "
                + "(extract(epoch FROM time) * 1000000)::bigint, value, status, qc_flags FROM reading "
                + "ORDER BY station_id, parameter_id, time DESC");
    }

    /** Readings of station 1 (parameters 1, 2) and 2 (parameter 1) over three minutes, newest values 3x. */
    private void insertReadings() throws SQLException {
        execute("INSERT INTO reading (time, station_id, parameter_id, value, status, qc_flags) SELECT "
                + "timestamptz 'epoch' + (" + T0 + " + m * " + MINUTE + ") * interval '1 microsecond', s, p, "
                + "s * 100 + p * 10 + m, m % 2, m * 4 FROM generate_series(0, 2) m, "
                + "(VALUES (1, 1), (1, 2), (2, 1)) AS sp(s, p)");
    }

    @Test
    void theMigrationBackfillsFromTheStoredReadings() throws SQLException {
        insertReadings();
        ProcessorSchema.migrate(ds, schema);

        assertThat(latestTable()).hasSize(3).isEqualTo(newestReadings())
                .containsEntry("1/2", (T0 + 2 * MINUTE) + " 122.0 0 8");
    }

    private static LatestValues.Pending pending(long micros, double value) {
        LatestValues v = new LatestValues();
        ReadingBatch b = new ReadingBatch(4);
        b.add(micros, 5, 1, value, 1, 2);
        v.record(b);
        return v.drain();
    }

    @Test
    void onlyANewerTimeReplacesARow() throws SQLException {
        ProcessorSchema.migrate(ds, schema);
        try (Connection c = ds.getConnection()) {
            assertThat(LatestStore.upsert(c, pending(T0 + MINUTE, 1.0))).isEqualTo(1);
            assertThat(LatestStore.upsert(c, pending(T0, 2.0))).as("older").isZero();
            assertThat(LatestStore.upsert(c, pending(T0 + MINUTE, 3.0))).as("equal time: first stays").isZero();
            assertThat(latestTable()).containsOnly(Map.entry("5/1", (T0 + MINUTE) + " 1.0 1 2"));
            assertThat(LatestStore.upsert(c, pending(T0 + 2 * MINUTE, 4.0))).as("newer").isEqualTo(1);
        }
        assertThat(latestTable()).containsOnly(Map.entry("5/1", (T0 + 2 * MINUTE) + " 4.0 1 2"));
    }

    @Test
    void aRefreshBringsMissingAndStaleSeriesToTheNewestStoredReading() throws SQLException {
        ProcessorSchema.migrate(ds, schema);
        insertReadings();
        // what a processor that stopped before flushing leaves: one series stale, the others missing
        execute("INSERT INTO reading_latest (station_id, parameter_id, time, value) VALUES "
                + "(1, 1, timestamptz 'epoch' + " + T0 + " * interval '1 microsecond', -1)");
        List<Station> stations = List.of(CATALOG.byId(1).orElseThrow(), CATALOG.byId(2).orElseThrow(),
                CATALOG.byId(3).orElseThrow());
        try (Connection c = ds.getConnection()) {
            assertThat(LatestStore.refresh(c, stations)).isEqualTo(3);
            assertThat(LatestStore.refresh(c, stations)).as("nothing newer the second time").isZero();
        }
        assertThat(latestTable()).isEqualTo(newestReadings()).hasSize(3);
    }
}
