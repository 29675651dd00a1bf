package org.quantrac.processor.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.quantrac.core.config.DatabaseConfig;
import org.quantrac.core.db.Database;
import org.quantrac.core.db.SchemaMigration;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.processor.db.ProcessorSchema;
import org.quantrac.processor.qc.LateReadings;
import org.quantrac.processor.rollup.RollupMarks;
import org.quantrac.processor.sink.BinaryCopyEncoder;
import org.quantrac.processor.sink.OffsetStore;
import org.quantrac.processor.sink.ReadingBatch;
import org.quantrac.processor.sink.ReadingSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./quantrac bench sink}: how fast this machine's database takes readings.
 *
 * <ul>
 *   <li>{@link #run}: raw binary COPY of N synthetic readings into a fresh {@code reading} hypertable (the real schema,
 *       migrated into a throwaway schema), 100,000 rows per COPY and transaction: the physical limit.</li>
 *   <li>{@link #runCsv}: the same raw COPY in CSV, the format of the ingest figures the stream-processor issue's target
 *       was set from (155–187k rows/s, ../shared/README.md): the server parses text instead of binary fields. A
 *       reference for reading that target, not the limit.</li>
 *   <li>{@link #runProcessorPath}: the same readings through the processor's sink as the processor wires it (in-batch
 *       dedupe, late-reading check, binary COPY, rollup marks, offsets upsert, commit per batch) into another fresh
 *       schema, for the ratio the issue asks about. Decoding from Kafka is not included.</li>
 * </ul>
 * Synthetic readings look like the scale simulator's: 10,000 stations × 10 parameters per second, in time order.
 * Throwaway schemas are dropped afterwards.
 */
public final class SinkBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(SinkBenchmark.class);
    private static final int STATIONS = 10_000;
    private static final int PARAMETERS = 10;
    private static final int RAW_ROWS_PER_COPY = 100_000;
    private static final long START_MICROS = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli() * 1000;

    /**
     * @param rows      readings written
     * @param seconds   wall time of the writes (schema creation excluded)
     * @param rowsPerS  rows / seconds
     */
    public record Result(String method, long rows, double seconds, double rowsPerS) {

        /** One JSON object, e.g. {@code {"method":"raw_copy","rows":1000000,"seconds":6.1,"rows_per_s":163934}}. */
        public String toJson() {
            return String.format(Locale.ROOT, "{\"method\":\"%s\",\"rows\":%d,\"seconds\":%.3f,\"rows_per_s\":%.0f}",
                    method, rows, seconds, rowsPerS);
        }
    }

    private SinkBenchmark() {
    }

    /** Raw binary COPY of {@code rows} synthetic readings into a fresh hypertable: the machine's physical limit. */
    public static Result run(DatabaseConfig database, long rows) {
        return inThrowawaySchema(database, "raw_copy", (ds, schema) -> {
            BinaryCopyEncoder encoder = new BinaryCopyEncoder();
            ReadingBatch batch = new ReadingBatch(RAW_ROWS_PER_COPY);
            long start = System.nanoTime();
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                for (long done = 0; done < rows; ) {
                    int n = (int) Math.min(RAW_ROWS_PER_COPY, rows - done);
                    batch.clear();
                    fill(batch, done, n);
                    encoder.encode(batch);
                    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                            "COPY reading (time, station_id, parameter_id, value, status, qc_flags) "
                                    + "FROM STDIN (FORMAT binary)");
                    copy.writeToCopy(encoder.buffer(), 0, encoder.length());
                    copy.endCopy();
                    c.commit();
                    done += n;
                }
            }
            return System.nanoTime() - start;
        }, rows);
    }

    /**
     * Raw COPY in CSV of the same {@code rows} synthetic readings into a fresh hypertable, 100,000 rows per COPY and
     * transaction: what the database takes when it has to parse text (the binary COPY of {@link #run} is the limit).
     */
    public static Result runCsv(DatabaseConfig database, long rows) {
        return inThrowawaySchema(database, "raw_copy_csv", (ds, schema) -> {
            StringBuilder text = new StringBuilder(RAW_ROWS_PER_COPY * 40);
            long start = System.nanoTime();
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                for (long done = 0; done < rows; ) {
                    int n = (int) Math.min(RAW_ROWS_PER_COPY, rows - done);
                    text.setLength(0);
                    csv(text, done, n);
                    byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
                    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                            "COPY reading (time, station_id, parameter_id, value, status, qc_flags) "
                                    + "FROM STDIN (FORMAT csv)");
                    copy.writeToCopy(bytes, 0, bytes.length);
                    copy.endCopy();
                    c.commit();
                    done += n;
                }
            }
            return System.nanoTime() - start;
        }, rows);
    }

    /** The processor's sink path for {@code rows} synthetic readings, {@code batchSize} rows per transaction. */
    public static Result runProcessorPath(DatabaseConfig database, long rows, int batchSize) {
        return inThrowawaySchema(database, "processor_sink", (ds, schema) -> {
            // the production path: late-reading check before the COPY, rollup marks after it
            ReadingSink sink = new ReadingSink(ds, new OffsetStore("bench"),
                    List.of(new LateReadings(SinkBenchmark::nowMicros)), List.of(new RollupMarks()));
            ReadingBatch batch = new ReadingBatch(batchSize);
            long start = System.nanoTime();
            long offset = 0;
            for (long done = 0; done < rows; ) {
                int n = (int) Math.min(batchSize, rows - done);
                batch.clear();
                fill(batch, done, n);
                // one record per station observation, as the connectors produce them
                for (int i = 0; i < n; i += PARAMETERS) {
                    batch.consumed("bench", (int) (offset % 3), offset / 3);
                    offset++;
                }
                sink.write(batch);
                done += n;
            }
            return System.nanoTime() - start;
        }, rows);
    }

    /** Synthetic reading number {@code k}: time-ordered, every station's 10 parameters per second. */
    static void fill(ReadingBatch batch, long first, int n) {
        for (long k = first; k < first + n; k++) {
            long perSecond = (long) STATIONS * PARAMETERS;
            long second = k / perSecond;
            int station = (int) (k % perSecond / PARAMETERS) + 1_000_000;
            int parameter = (int) (k % PARAMETERS) + 1;
            batch.add(START_MICROS + second * 1_000_000L, station, parameter, (k % 1000) / 10.0, 0, 0);
        }
    }

    /** The readings of {@link #fill} as CSV lines: {@code 2026-01-01T00:00:07Z,1000001,1,0.5,0,0}. */
    static void csv(StringBuilder out, long first, int n) {
        ReadingBatch batch = new ReadingBatch(n);
        fill(batch, first, n);
        long second = Long.MIN_VALUE;
        String time = null;
        for (int i = 0; i < n; i++) {
            long micros = batch.epochMicros(i);
            if (micros / 1_000_000L != second) {
                // one timestamp text per second: all 100,000 readings of a second share it
                second = micros / 1_000_000L;
                time = Instant.ofEpochSecond(second).toString();
            }
            out.append(time).append(',').append(batch.stationId(i)).append(',').append(batch.parameterId(i))
                    .append(',').append(batch.value(i)).append(',').append(batch.status(i)).append(',')
                    .append(batch.qcFlags(i)).append('\n');
        }
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    @FunctionalInterface
    private interface Timed {
        long run(HikariDataSource ds, String schema) throws SQLException;
    }

    private static Result inThrowawaySchema(DatabaseConfig database, String method, Timed body, long rows) {
        if (rows <= 0) {
            throw new IllegalArgumentException("rows must be positive: " + rows);
        }
        String schema = "bench_" + UUID.randomUUID().toString().substring(0, 8);
        String sep = database.url().contains("?") ? "&" : "?";
        DatabaseConfig inSchema = new DatabaseConfig(database.url() + sep + "currentSchema=" + schema + ",public",
                database.user(), database.password(), 2);
        try (HikariDataSource ds = Database.pool(inSchema, "bench-" + method)) {
            try {
                SchemaMigration.migrate(ds, schema, StationCatalog.builtIn());
                ProcessorSchema.migrate(ds, schema);
                long nanos = body.run(ds, schema);
                long stored = count(ds);
                if (stored != rows) {
                    throw new IllegalStateException("benchmark stored " + stored + " rows, expected " + rows);
                }
                double seconds = nanos / 1e9;
                Result result = new Result(method, rows, seconds, rows / seconds);
                LOG.info("Sink benchmark {}: {} rows in {} s", method, rows, String.format(Locale.ROOT, "%.2f",
                        seconds));
                return result;
            } finally {
                drop(ds, schema);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("sink benchmark (" + method + ") failed against " + database.url() + ": "
                    + e.getMessage(), e);
        }
    }

    private static long count(HikariDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM reading")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void drop(HikariDataSource ds, String schema) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            LOG.warn("Could not drop the benchmark schema {}: {}", schema, e.getMessage());
        }
    }
}
