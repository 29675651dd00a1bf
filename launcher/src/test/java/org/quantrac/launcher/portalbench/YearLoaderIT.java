package org.quantrac.launcher.portalbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.quantrac.core.db.Database;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;
import org.quantrac.simulator.signal.SignalModel;

/**
 * The year loader on the real TimescaleDB, two days of four stations (two at 60 s, two at 300 s) in a schema of its
 * own: exact row counts, values from the simulator's model, idempotence, resume after an aborted day, and rollups
 * equal to SQL aggregates of the raw rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YearLoaderIT {

    private static final long SEED = 7;
    private static final LocalDate FIRST = LocalDate.of(2026, 3, 1);
    private static final LocalDate SECOND = FIRST.plusDays(1);
    private static final LocalDate THIRD = FIRST.plusDays(2);

    private final StationCatalog catalog = StationCatalog.builtIn();
    private final String schema = TestServices.unique("it_portalbench");
    private List<Station> stations;
    private HikariDataSource ds;

    @BeforeAll
    void setUp() {
        stations = new ArrayList<>();
        catalog.all().stream().filter(s -> s.interval().equals(Duration.ofSeconds(60))).limit(2).forEach(stations::add);
        catalog.all().stream().filter(s -> s.interval().equals(Duration.ofSeconds(300))).limit(2)
                .forEach(stations::add);
        assertThat(stations).hasSize(4);
        ds = Database.pool(TestServices.freshSchema(schema), "it-portalbench");
    }

    @AfterAll
    void tearDown() throws SQLException {
        ds.close();
        try (Connection c = java.sql.DriverManager.getConnection(TestServices.dbUrl(), TestServices.dbUser(),
                TestServices.dbPassword()); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private LoadPlan plan(LocalDate last) {
        return new LoadPlan(schema, SEED, FIRST, last, stations);
    }

    @Test
    @Order(1)
    void loadsEveryExpectedReadingWithTheSimulatorsValues() throws Exception {
        YearLoader.Report r = new YearLoader(ds, catalog).load(plan(SECOND), noProgress());

        long expected = plan(SECOND).expectedRows();
        // 1440 × parameters for a 60 s station, 288 × parameters for a 300 s one, per day
        assertThat(expected).isEqualTo(2 * stations.stream().mapToLong(s -> (86_400 / s.interval().toSeconds())
                * s.parameters().size()).sum());
        assertThat(r.daysAlready()).isZero();
        assertThat(r.daysLoaded()).isEqualTo(2);
        assertThat(r.rowsLoaded()).isEqualTo(expected);
        assertThat(rowsPerStationDay()).isEqualTo(expectedPerStationDay(FIRST, SECOND));
        assertThat(count("SELECT count(*) FROM (SELECT 1 FROM reading GROUP BY station_id, parameter_id, time "
                + "HAVING count(*) > 1) d")).as("duplicates").isZero();

        // spot checks against the model: first and last reading of each station's first parameter
        SignalModel model = new SignalModel(SEED);
        for (Station s : stations) {
            Parameter p = s.parameters().get(0);
            Instant first = StationDays.start(FIRST);
            Instant last = StationDays.end(SECOND).minus(s.interval());
            assertThat(value(s, p, first)).isEqualTo(model.value(s, p, first));
            assertThat(value(s, p, last)).isEqualTo(model.value(s, p, last));
        }
        assertRollupsMatchRawAggregates();
        assertLatestIsNewestReading();
    }

    @Test
    @Order(2)
    void aSecondRunLoadsNothing() throws Exception {
        Map<String, Long> before = rowsPerStationDay();
        // a latest-values table that lost rows (e.g. readings loaded by an older loader) is put right anyway
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM reading_latest WHERE station_id = " + stations.get(0).id());
        }
        YearLoader.Report r = new YearLoader(ds, catalog).load(plan(SECOND), noProgress());

        assertThat(r.daysAlready()).isEqualTo(2);
        assertThat(r.daysLoaded()).isZero();
        assertThat(r.rowsLoaded()).isZero();
        assertThat(rowsPerStationDay()).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM " + YearLoader.MARKER)).isEqualTo(2);
        assertLatestIsNewestReading();
    }

    @Test
    @Order(3)
    void anAbortedDayLeavesNothingAndTheNextRunCompletesIt() throws Exception {
        YearLoader aborting = new YearLoader(ds, catalog).onAfterStation((day, copied) -> {
            if (copied == 2) {
                throw new SQLException("simulated interruption after two stations of " + day);
            }
        });
        assertThatThrownBy(() -> aborting.load(plan(THIRD), noProgress())).hasMessageContaining("interruption");
        assertThat(count("SELECT count(*) FROM reading WHERE time >= '" + StationDays.start(THIRD) + "'"))
                .as("rows of the aborted day").isZero();
        assertThat(count("SELECT count(*) FROM " + YearLoader.MARKER)).isEqualTo(2);

        // rows of the day that came from elsewhere (no marker): replaced, not doubled
        Station s = stations.get(0);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO reading (time, station_id, parameter_id, value) VALUES ('"
                    + StationDays.start(THIRD) + "', " + s.id() + ", " + s.parameters().get(0).id() + ", -1)");
        }

        YearLoader.Report r = new YearLoader(ds, catalog).load(plan(THIRD), noProgress());
        assertThat(r.daysAlready()).isEqualTo(2);
        assertThat(r.daysLoaded()).isEqualTo(1);
        assertThat(rowsPerStationDay()).isEqualTo(expectedPerStationDay(FIRST, THIRD));
        assertThat(value(s, s.parameters().get(0), StationDays.start(THIRD)))
                .isEqualTo(new SignalModel(SEED).value(s, s.parameters().get(0), StationDays.start(THIRD)));
        assertRollupsMatchRawAggregates();
        assertLatestIsNewestReading();
    }

    @Test
    @Order(4)
    void anotherSeedIsRefusedWithAClearMessage() {
        LoadPlan other = new LoadPlan(schema, SEED + 1, FIRST, SECOND, stations);
        assertThatThrownBy(() -> new YearLoader(ds, catalog).load(other, noProgress()))
                .hasMessageContaining("seed " + SEED).hasMessageContaining("DROP SCHEMA " + schema);
    }

    /** reading_latest holds each loaded series' newest reading (time and value), and nothing else. */
    private void assertLatestIsNewestReading() throws SQLException {
        long series = stations.stream().mapToLong(s -> s.parameters().size()).sum();
        assertThat(count("SELECT count(*) FROM reading_latest")).isEqualTo(series);
        assertThat(count("SELECT count(*) FROM reading_latest l JOIN (SELECT DISTINCT ON (station_id, parameter_id) "
                + "station_id, parameter_id, time, value FROM reading ORDER BY station_id, parameter_id, time DESC) r "
                + "USING (station_id, parameter_id) WHERE r.time = l.time AND r.value = l.value")).isEqualTo(series);
    }

    private void assertRollupsMatchRawAggregates() throws SQLException {
        // every (station, parameter, UTC hour) of the raw rows has its hourly row with the same figures
        String rawHours = "SELECT r.station_id, r.parameter_id, date_trunc('hour', r.time AT TIME ZONE 'UTC') "
                + "AT TIME ZONE 'UTC' AS hour_start, avg(value) AS a, min(value) AS mn, max(value) AS mx, "
                + "count(*) AS n, 3600 / s.interval_seconds AS e FROM reading r JOIN station s ON s.id = r.station_id "
                + "GROUP BY 1, 2, 3, s.interval_seconds";
        assertThat(count("SELECT count(*) FROM reading_hourly")).isEqualTo(count("SELECT count(*) FROM ("
                + rawHours + ") x"));
        assertThat(count("SELECT count(*) FROM (" + rawHours + ") x JOIN reading_hourly h USING (station_id, "
                + "parameter_id, hour_start) WHERE abs(h.avg_value - x.a) > 1e-9 * greatest(1, abs(x.a)) "
                + "OR h.min_value <> x.mn OR h.max_value <> x.mx OR h.valid_count <> x.n OR h.total_count <> x.n "
                + "OR h.expected_count <> x.e OR h.completeness <> 1 OR NOT h.valid")).as("hourly mismatches")
                .isZero();
        // every local day likewise, from the raw rows directly (not from the hours)
        String rawDays = "SELECT r.station_id, r.parameter_id, (r.time AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, "
                + "avg(value) AS a, min(value) AS mn, max(value) AS mx, count(*) AS n, 86400 / s.interval_seconds AS e "
                + "FROM reading r JOIN station s ON s.id = r.station_id GROUP BY 1, 2, 3, s.interval_seconds";
        assertThat(count("SELECT count(*) FROM reading_daily")).isEqualTo(count("SELECT count(*) FROM ("
                + rawDays + ") x"));
        assertThat(count("SELECT count(*) FROM (" + rawDays + ") x JOIN reading_daily d USING (station_id, "
                + "parameter_id, day) WHERE abs(d.avg_value - x.a) > 1e-9 * greatest(1, abs(x.a)) "
                + "OR d.min_value <> x.mn OR d.max_value <> x.mx OR d.valid_count <> x.n OR d.total_count <> x.n "
                + "OR d.expected_count <> x.e OR d.completeness <> 1 OR NOT d.valid")).as("daily mismatches")
                .isZero();
    }

    private Map<String, Long> expectedPerStationDay(LocalDate first, LocalDate last) {
        Map<String, Long> m = new HashMap<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            for (Station s : stations) {
                m.put(s.id() + "/" + d, StationDays.expectedRows(s, d));
            }
        }
        return m;
    }

    private Map<String, Long> rowsPerStationDay() throws SQLException {
        Map<String, Long> m = new HashMap<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT station_id, (time AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, "
                     + "count(*) FROM reading GROUP BY 1, 2")) {
            while (rs.next()) {
                m.put(rs.getInt(1) + "/" + rs.getObject(2, LocalDate.class), rs.getLong(3));
            }
        }
        return m;
    }

    private double value(Station s, Parameter p, Instant t) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT value FROM reading WHERE station_id = ? AND parameter_id = ? AND time = ?")) {
            ps.setInt(1, s.id());
            ps.setShort(2, (short) p.id());
            ps.setObject(3, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("reading of %s %s at %s", s.code(), p.symbol(), t).isTrue();
                return rs.getDouble(1);
            }
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static YearLoader.Progress noProgress() {
        return (day, rows, copy, rollup, done, missing) -> { };
    }
}
