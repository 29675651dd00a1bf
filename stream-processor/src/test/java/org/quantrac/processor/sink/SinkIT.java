package org.quantrac.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quantrac.core.db.Database;
import org.quantrac.core.db.SchemaMigration;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;

/** The sink against a real TimescaleDB: direct binary COPY, the ON CONFLICT fallback and the stored offsets. */
class SinkIT {

    private static final long T0 = Instant.parse("2026-11-27T00:00:00Z").toEpochMilli() * 1000;
    private static final long MINUTE = 60_000_000L;

    private HikariDataSource ds;
    private OffsetStore offsets;
    private ReadingSink sink;

    @BeforeEach
    void migrateFreshSchema() {
        String schema = TestServices.unique("sink_it");
        ds = Database.pool(TestServices.freshSchema(schema), "sink-it");
        SchemaMigration.migrate(ds, schema, StationCatalog.builtIn());
        offsets = new OffsetStore("group-a");
        sink = new ReadingSink(ds, offsets);
    }

    @AfterEach
    void closePool() {
        ds.close();
    }

    /** A row as stored. */
    record Row(long micros, int station, int parameter, double value, int status, int flags) {
    }

    private static List<Row> rows(int fromMinute, int minutes) {
        List<Row> rows = new ArrayList<>();
        for (int m = fromMinute; m < fromMinute + minutes; m++) {
            for (int station = 1; station <= 3; station++) {
                for (int parameter = 1; parameter <= 5; parameter++) {
                    rows.add(new Row(T0 + m * MINUTE, station, parameter, station * 1000 + parameter + m / 100.0,
                            m % 3, (m % 3 == 1 ? 1 : m % 3 == 2 ? 2 : 0) | (parameter == 5 ? 4 : 0)));
                }
            }
        }
        return rows;
    }

    private static ReadingBatch batchOf(List<Row> rows) {
        ReadingBatch batch = new ReadingBatch(rows.size());
        for (Row r : rows) {
            batch.add(r.micros(), r.station(), r.parameter(), r.value(), r.status(), r.flags());
        }
        return batch;
    }

    private List<Row> stored() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (extract(epoch FROM time) * 1000000)::bigint, station_id, "
                     + "parameter_id, value, status, qc_flags FROM reading ORDER BY time, station_id, parameter_id")) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getDouble(4), rs.getInt(5),
                        rs.getInt(6)));
            }
        }
        return rows;
    }

    private Map<Integer, Long> storedOffsets(String topic) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return offsets.read(c, topic);
        }
    }

    @Test
    void directCopyStoresExactlyTheRowsAndTheOffsets() throws SQLException {
        List<Row> rows = rows(0, 100); // 1500 rows over 100 minutes
        ReadingBatch batch = batchOf(rows);
        batch.consumed("readings", 0, 41);
        batch.consumed("readings", 0, 42);
        batch.consumed("readings", 2, 7);

        SinkResult result = sink.write(batch);

        assertThat(result).isEqualTo(new SinkResult(1500, 0, false));
        assertThat(stored()).containsExactlyElementsOf(rows);
        assertThat(storedOffsets("readings")).containsOnly(Map.entry(0, 43L), Map.entry(2, 8L));
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(
                     "SELECT count(*) FROM reading WHERE ingested_at > now() - interval '1 hour'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("ingested_at takes its default").isEqualTo(1500);
        }
    }

    @Test
    void batchMeetingStoredReadingsFallsBackAndKeepsOneRowEach() throws SQLException {
        List<Row> first = rows(0, 100);
        ReadingBatch batch1 = batchOf(first);
        batch1.consumed("readings", 0, 99);
        sink.write(batch1);

        // Minutes 50..149: 750 already stored (re-sent with other values), 750 new, and 15 repeated in the batch.
        List<Row> resent = new ArrayList<>();
        for (Row r : rows(50, 100)) {
            resent.add(r.micros() < T0 + 100 * MINUTE ? new Row(r.micros(), r.station(), r.parameter(), -1, 0, 0) : r);
        }
        List<Row> withRepeats = new ArrayList<>(resent);
        withRepeats.addAll(rows(149, 1));
        ReadingBatch batch2 = batchOf(withRepeats);
        batch2.consumed("readings", 0, 100);
        batch2.consumed("readings", 1, 5);

        SinkResult result = sink.write(batch2);

        assertThat(result).isEqualTo(new SinkResult(750, 750 + 15, true));
        List<Row> expected = new ArrayList<>(first);
        expected.addAll(rows(100, 50));
        assertThat(stored()).as("stored readings keep their first value; new ones are added once")
                .containsExactlyElementsOf(expected);
        assertThat(storedOffsets("readings")).containsOnly(Map.entry(0, 101L), Map.entry(1, 6L));

        // The temporary staging table is empty again and a later clean batch takes the direct path on the same pool.
        ReadingBatch batch3 = batchOf(rows(150, 10));
        batch3.consumed("readings", 0, 101);
        assertThat(sink.write(batch3)).isEqualTo(new SinkResult(150, 0, false));
        assertThat(stored()).hasSize(1500 + 750 + 150);
    }

    @Test
    void storedOffsetsNeverMoveBackwardsAndAreKeptPerGroup() throws SQLException {
        ReadingBatch ahead = batchOf(rows(0, 1));
        ahead.consumed("readings", 0, 500);
        sink.write(ahead);
        ReadingBatch behind = batchOf(rows(1, 1));
        behind.consumed("readings", 0, 200);
        sink.write(behind);
        ReadingBatch otherGroup = batchOf(rows(2, 1));
        otherGroup.consumed("readings", 0, 9);
        new ReadingSink(ds, new OffsetStore("group-b")).write(otherGroup);

        assertThat(storedOffsets("readings")).containsOnly(Map.entry(0, 501L));
        try (Connection c = ds.getConnection()) {
            assertThat(new OffsetStore("group-b").read(c, "readings")).containsOnly(Map.entry(0, 10L));
        }
        assertThat(stored()).hasSize(45);
    }

    @Test
    void batchWithOnlyOffsetsStoresTheOffsets() throws SQLException {
        ReadingBatch batch = new ReadingBatch(4);
        batch.consumed("readings", 3, 17);

        assertThat(sink.write(batch)).isEqualTo(new SinkResult(0, 0, false));
        assertThat(storedOffsets("readings")).containsOnly(Map.entry(3, 18L));
        assertThat(stored()).isEmpty();
    }

    @Test
    void committedRowsAreWhatWasStoredNeverAReSentDuplicate() throws SQLException {
        List<Row> reported = new ArrayList<>();
        ReadingSink listening = new ReadingSink(ds, offsets, List.of(), List.of(), stored -> {
            for (int i = 0; i < stored.size(); i++) {
                reported.add(new Row(stored.epochMicros(i), stored.stationId(i), stored.parameterId(i),
                        stored.value(i), stored.status(i), stored.qcFlags(i)));
            }
        });
        List<Row> first = rows(0, 10);
        listening.write(batchOf(first));
        assertThat(reported).as("direct COPY: every row, after the commit").containsExactlyElementsOf(first);

        // Minutes 5..9 re-sent with other values (all stations), minutes 10..11 new for station 1 only.
        reported.clear();
        List<Row> second = new ArrayList<>();
        for (Row r : rows(5, 5)) {
            second.add(new Row(r.micros(), r.station(), r.parameter(), -1, 0, 0));
        }
        List<Row> added = rows(10, 2).stream().filter(r -> r.station() == 1).toList();
        second.addAll(added);
        SinkResult result = listening.write(batchOf(second));

        assertThat(result.fallback()).isTrue();
        assertThat(result.rowsInserted()).isEqualTo(added.size());
        assertThat(reported).as("fallback: the newest added row per series, none of the re-sent ones")
                .containsExactlyInAnyOrderElementsOf(added.stream().filter(r -> r.micros() == T0 + 11 * MINUTE)
                        .toList());

        reported.clear();
        List<Row> onlyResent = new ArrayList<>();
        for (Row r : rows(9, 1)) {
            onlyResent.add(new Row(r.micros(), r.station(), r.parameter(), -2, 0, 0));
        }
        assertThat(listening.write(batchOf(onlyResent))).isEqualTo(new SinkResult(0, 15, true));
        assertThat(reported).as("nothing stored, nothing reported").isEmpty();
    }
}
