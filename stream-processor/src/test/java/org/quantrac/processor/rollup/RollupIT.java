package org.quantrac.processor.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quantrac.core.db.Database;
import org.quantrac.core.db.SchemaMigration;
import org.quantrac.core.reading.QcFlag;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;
import org.quantrac.processor.db.ProcessorSchema;
import org.quantrac.processor.qc.LateReadings;
import org.quantrac.processor.sink.OffsetStore;
import org.quantrac.processor.sink.ReadingBatch;
import org.quantrac.processor.sink.ReadingSink;

/**
 * Rollups and AQI on a real TimescaleDB: exact hourly and local-day values, late data, idempotent recomputation.
 * Station 1 (QN-AQ-01) samples every 60 s (60 expected readings an hour, 1440 a day) and is AQI-eligible.
 */
class RollupIT {

    private static final ZoneId LOCAL = ZoneId.of("Asia/Ho_Chi_Minh");
    /** 23:00 local time on 27 November; the next hour is local midnight, a new local day. */
    private static final Instant H1 = Instant.parse("2026-11-27T16:00:00Z");
    private static final Instant H2 = Instant.parse("2026-11-27T17:00:00Z");
    private static final int PM25 = 1;
    private static final int O3 = 8;

    private HikariDataSource ds;
    private ReadingSink sink;
    private RollupWorker worker;

    @BeforeEach
    void setUp() {
        String schema = TestServices.unique("rollup_it");
        ds = Database.pool(TestServices.freshSchema(schema), "rollup-it");
        StationCatalog catalog = StationCatalog.builtIn();
        SchemaMigration.migrate(ds, schema, catalog);
        ProcessorSchema.migrate(ds, schema);
        // the wall clock is long past these hours: a reading for an hour already rolled up is late
        sink = new ReadingSink(ds, new OffsetStore("rollup-it"),
                List.of(new LateReadings(() -> Instant.parse("2026-11-28T12:00:00Z").toEpochMilli() * 1000)),
                List.of(new RollupMarks()));
        worker = new RollupWorker(ds, new RollupConfig(true, Duration.ofSeconds(1), Duration.ofMinutes(2), 0.75, LOCAL),
                new AqiUpdater(catalog.parameters(), LOCAL));
    }

    @AfterEach
    void tearDown() {
        ds.close();
    }

    private static long micros(Instant t) {
        return t.toEpochMilli() * 1000;
    }

    private static long minute(Instant hour, int m) {
        return micros(hour.plus(Duration.ofMinutes(m)));
    }

    /** One row of a rollup table: avg, min, max, valid, total, expected, completeness, valid flag. */
    record Rollup(Double avg, Double min, Double max, int validCount, int totalCount, int expected,
                  double completeness, boolean valid) {
    }

    private List<Rollup> query(String sql) throws SQLException {
        List<Rollup> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(new Rollup((Double) rs.getObject(1), (Double) rs.getObject(2), (Double) rs.getObject(3),
                        rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getDouble(7), rs.getBoolean(8)));
            }
        }
        return rows;
    }

    private List<Rollup> hourly() throws SQLException {
        return query("SELECT avg_value, min_value, max_value, valid_count, total_count, expected_count, completeness, "
                + "valid FROM reading_hourly WHERE station_id = 1 AND parameter_id = 1 ORDER BY hour_start");
    }

    private List<Rollup> daily() throws SQLException {
        return query("SELECT avg_value, min_value, max_value, valid_count, total_count, expected_count, completeness, "
                + "valid FROM reading_daily WHERE station_id = 1 AND parameter_id = 1 ORDER BY day");
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    /** H1: minutes 0–4 calibrating at 1000 (excluded), 5–59 valid 15..69. H2: minutes 0–29 at 50. */
    private ReadingBatch firstData() {
        ReadingBatch b = new ReadingBatch(128);
        for (int m = 0; m < 60; m++) {
            boolean calibrating = m < 5;
            b.add(minute(H1, m), 1, PM25, calibrating ? 1000 : 10 + m, calibrating ? 1 : 0,
                    calibrating ? QcFlag.CALIBRATING.bit() : 0);
        }
        for (int m = 0; m < 30; m++) {
            b.add(minute(H2, m), 1, PM25, 50, 0, 0);
        }
        return b;
    }

    @Test
    void hoursAndLocalDaysFromValidReadingsOnly() throws SQLException {
        sink.write(firstData());

        assertThat(worker.drain()).isEqualTo(2);

        List<Rollup> hours = hourly();
        assertThat(hours).hasSize(2);
        assertThat(hours.get(0)).usingRecursiveComparison().withComparatorForType(
                (a, b) -> Math.abs(a - b) < 1e-9 ? 0 : Double.compare(a, b), Double.class)
                .isEqualTo(new Rollup(42.0, 15.0, 69.0, 55, 60, 60, 55 / 60.0, true));
        assertThat(hours.get(1)).isEqualTo(new Rollup(50.0, 50.0, 50.0, 30, 30, 60, 0.5, false));
        // 23:00 local belongs to 27 November, 00:00 local to 28 November
        assertThat(strings("SELECT day::text FROM reading_daily WHERE station_id = 1 AND parameter_id = 1 "
                + "ORDER BY day")).containsExactly("2026-11-27", "2026-11-28");
        List<Rollup> days = daily();
        assertThat(days.get(0).avg()).isCloseTo(42.0, within(1e-9));
        assertThat(days.get(0)).extracting(Rollup::validCount, Rollup::totalCount, Rollup::expected, Rollup::valid)
                .containsExactly(55, 60, 1440, false);
        assertThat(days.get(0).completeness()).isCloseTo(55 / 1440.0, within(1e-12));
        assertThat(days.get(1)).isEqualTo(new Rollup(50.0, 50.0, 50.0, 30, 30, 1440, 30 / 1440.0, false));
        assertThat(worker.drain()).as("nothing left to do").isZero();
    }

    @Test
    void theHourBeingFilledIsNotRolledUpUntilItHasEnded() throws SQLException {
        Instant now = Instant.now();
        ReadingBatch b = new ReadingBatch(4);
        b.add(micros(now), 1, PM25, 20, 0, 0);
        sink.write(b);

        assertThat(worker.drain()).isZero();
        assertThat(hourly()).isEmpty();
        assertThat(strings("SELECT count(*) FROM rollup_dirty")).as("kept for when the hour is over")
                .containsExactly("1");
    }

    @Test
    void aRollupRunNeverTakesAMarkWhoseReadingsAreNotCommittedYet() throws SQLException {
        sink.write(firstData()); // H1 and H2 marked, committed

        // An ingest transaction adds a reading to H1 and marks it again: the mark exists, the row is not visible yet.
        ReadingBatch more = new ReadingBatch(1);
        more.add(minute(H1, 0) + 30_000_000L, 1, PM25, 1000, 0, 0);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO reading (time, station_id, parameter_id, value, status, qc_flags) "
                        + "VALUES ('" + H1.plusSeconds(30) + "', 1, " + PM25 + ", 1000, 0, 0)");
            }
            new RollupMarks().apply(c, more);

            // A run meanwhile must leave H1 for later (it would aggregate it without that row and delete its mark).
            assertThat(worker.runOnce()).as("only H2 taken").isEqualTo(1);
            c.commit();
        }
        assertThat(worker.drain()).as("H1 once its reading is committed").isEqualTo(1);
        // 55 valid readings 10 + m (m = 5..59) and the added 1000
        assertThat(hourly().get(0).validCount()).isEqualTo(56);
        assertThat(hourly().get(0).avg()).isCloseTo((2310 + 1000) / 56.0, within(1e-9));
    }

    @Test
    void lateReadingsAreFlaggedAndUpdateTheirHourAndDayIdempotently() throws SQLException {
        sink.write(firstData());
        worker.drain();

        ReadingBatch late = new ReadingBatch(16);
        for (int m = 0; m < 10; m++) {
            late.add(minute(H1, m) + 30_000_000L, 1, PM25, 100, 0, 0); // half past each of minutes 0–9
        }
        sink.write(late);
        assertThat(worker.drain()).isEqualTo(1);

        assertThat(strings("SELECT count(*) FROM reading WHERE qc_flags = " + QcFlag.LATE.bit())).containsExactly("10");
        Rollup h1 = hourly().get(0);
        // late readings are valid measurements: 55 + 10 valid, (2310 + 1000) / 65
        assertThat(h1.avg()).isCloseTo(3310 / 65.0, within(1e-9));
        assertThat(h1).extracting(Rollup::max, Rollup::validCount, Rollup::totalCount)
                .containsExactly(100.0, 65, 70);
        assertThat(daily().get(0).avg()).isCloseTo(3310 / 65.0, within(1e-9));
        assertThat(daily().get(0).validCount()).isEqualTo(65);

        // replaying everything (a re-sent backlog) stores nothing new and recomputes to the same values
        List<Rollup> hoursBefore = hourly();
        List<Rollup> daysBefore = daily();
        sink.write(firstData());
        assertThat(worker.drain()).isEqualTo(2);
        assertThat(hourly()).isEqualTo(hoursBefore);
        assertThat(daily()).isEqualTo(daysBefore);
        assertThat(strings("SELECT count(*) FROM reading")).containsExactly("100");
    }

    @Test
    void aqiForAnEligibleStationFromItsHourlyMeans() throws SQLException {
        // 12 local hours from midnight (27 November, 17:00 UTC on the 26th): PM2.5 60 and O3 180 µg/m³ every minute
        Instant midnight = H2.minus(Duration.ofDays(1));
        ReadingBatch b = new ReadingBatch(2048);
        for (int h = 0; h < 12; h++) {
            for (int m = 0; m < 60; m++) {
                long t = minute(midnight.plus(Duration.ofHours(h)), m);
                b.add(t, 1, PM25, 60, 0, 0);
                b.add(t, 1, O3, 180, 0, 0);
            }
        }
        sink.write(b);
        assertThat(worker.drain()).isEqualTo(12);

        // VN: hour 0 has no NowCast (2 of the last 3 hours needed); then PM2.5 60 → 117, O3 180 → 75
        List<String> vn = strings("SELECT hour_start AT TIME ZONE 'Asia/Ho_Chi_Minh' || ' ' || aqi || ' ' || dominant "
                + "|| ' ' || sub_indices::text FROM aqi_hourly WHERE index_kind = 'VN_AQI' ORDER BY hour_start");
        assertThat(vn).hasSize(11);
        assertThat(vn.get(0)).isEqualTo("2026-11-27 01:00:00 117 PM2,5 {\"O3\": 75, \"PM2,5\": 117}");
        assertThat(vn.get(10)).startsWith("2026-11-27 11:00:00 117 PM2,5");
        // US: PM2.5 NowCast 60 → 49/69.9·4.5 + 151 = 154.15; O3 8-h mean (6 of 8 hours from hour 5) 180 µg/m³ =
        // 0.0917 ppm → 0.091 → 49/0.019·0.005 + 151 = 163.9
        List<String> us = strings("SELECT aqi || ' ' || dominant FROM aqi_hourly WHERE index_kind = 'US_AQI' "
                + "ORDER BY hour_start");
        assertThat(us).containsExactly("154 PM2,5", "154 PM2,5", "154 PM2,5", "154 PM2,5", "154 PM2,5",
                "164 O3", "164 O3", "164 O3", "164 O3", "164 O3", "164 O3", "164 O3");
        // Daily: 12 hours are too few for a PM 24-hour mean, so VN has no daily AQI; US has O3's max 8-hour mean
        assertThat(strings("SELECT index_kind || ' ' || day || ' ' || aqi || ' ' || dominant FROM aqi_daily "
                + "ORDER BY index_kind")).containsExactly("US_AQI 2026-11-27 164 O3");
    }
}
