package org.quantrac.launcher.portalbench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.quantrac.core.db.SchemaMigration;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.processor.db.ProcessorSchema;
import org.quantrac.processor.latest.LatestStore;
import org.quantrac.processor.sink.BinaryCopyEncoder;
import org.quantrac.processor.sink.ReadingBatch;

/**
 * Loads the simulator's readings of a range of local days into a schema of their own (for {@code bench portal}),
 * with the processor's hourly and daily rollups, loading only the days that are not there yet.
 *
 * <p>One day is one transaction: the day's raw readings (binary COPY, one stream per station), its hourly and daily
 * rollups ({@link DayRollups}) and its row in {@value #MARKER}. An interrupted day therefore leaves nothing and is
 * loaded again by the next run; a committed day is complete and never loaded twice.
 *
 * <p>The readings do not go through a processor, so after loading (also when nothing was missing) the processor's
 * {@code reading_latest} is brought up to the loaded data the way a processor does at start: one probe per series and
 * the same guarded upsert ({@link LatestStore#refresh}).
 */
public final class YearLoader {

    /** The loader's record of what is loaded: one row per complete local day, with the seed it was valued with. */
    public static final String MARKER = "portalbench_day";
    private static final String CREATE_MARKER = "CREATE TABLE IF NOT EXISTS " + MARKER + " (day date PRIMARY KEY, "
            + "seed bigint NOT NULL, stations integer NOT NULL, rows bigint NOT NULL, "
            + "loaded_at timestamptz NOT NULL DEFAULT now())";
    private static final String COPY = "COPY reading (time, station_id, parameter_id, value, status, qc_flags) "
            + "FROM STDIN (FORMAT binary)";
    private static final int CHUNK = 256 * 1024;
    /** Station-days encoded ahead of the COPY: generation (Java) and storage (PostgreSQL) overlap on two cores. */
    private static final int AHEAD = 4;

    /** Called after each day is committed (progress output): time spent on its raw rows and on its rollups. */
    public interface Progress {
        void dayLoaded(LocalDate day, long rows, Duration copy, Duration rollup, int done, int missing);
    }

    /** Test seam: runs after each station's COPY inside the day's transaction; throwing aborts the day. */
    interface AfterStation {
        void copied(LocalDate day, int stationsCopied) throws SQLException;
    }

    /**
     * @param daysAlready days of the plan present before the run
     * @param daysLoaded  days loaded by this run
     * @param rowsLoaded  raw readings written by this run
     */
    public record Report(int daysAlready, int daysLoaded, long rowsLoaded, Duration took) {

        public double rowsPerSecond() {
            double s = took.toNanos() / 1e9;
            return s <= 0 ? 0 : rowsLoaded / s;
        }
    }

    private final DataSource dataSource;
    private final StationCatalog catalog;
    private AfterStation afterStation = (day, n) -> { };

    /** @param dataSource connections whose current schema is the plan's schema (then {@code public}) */
    public YearLoader(DataSource dataSource, StationCatalog catalog) {
        this.dataSource = dataSource;
        this.catalog = catalog;
    }

    YearLoader onAfterStation(AfterStation hook) {
        this.afterStation = hook;
        return this;
    }

    /** Migrates the schema (every module's tables, as {@code ./quantrac migrate} does) and the marker table. */
    public void migrate(String schema) throws SQLException {
        SchemaMigration.migrate(dataSource, schema, catalog);
        ProcessorSchema.migrate(dataSource, schema);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(CREATE_MARKER);
        }
    }

    /** The plan's days already loaded. */
    public Set<LocalDate> loadedDays(LoadPlan plan) throws SQLException {
        Set<LocalDate> days = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT day, seed FROM " + MARKER
                     + " WHERE day BETWEEN ? AND ?")) {
            ps.setObject(1, plan.firstDay());
            ps.setObject(2, plan.lastDay());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getLong(2) != plan.seed()) {
                        throw new IllegalStateException("schema " + plan.schema() + " holds days loaded with seed "
                                + rs.getLong(2) + ", not " + plan.seed() + ": use that seed, another schema, or "
                                + "DROP SCHEMA " + plan.schema() + " CASCADE");
                    }
                    days.add(rs.getObject(1, LocalDate.class));
                }
            }
        }
        return days;
    }

    /** Migrates, then loads every missing day of the plan, oldest first. */
    public Report load(LoadPlan plan, Progress progress) throws SQLException {
        long t0 = System.nanoTime();
        migrate(plan.schema());
        // Two loaders on one schema would race for the same days: the second waits for the first, then finds them.
        try (Connection lock = dataSource.getConnection()) {
            try (PreparedStatement ps = lock.prepareStatement("SELECT pg_advisory_lock(hashtext(?))")) {
                ps.setString(1, "quantrac.portalbench." + plan.schema());
                ps.execute();
            }
            Set<LocalDate> present = loadedDays(plan);
            List<LocalDate> missing = plan.days().stream().filter(d -> !present.contains(d)).toList();
            long rows = 0;
            int done = 0;
            ExecutorService encoder = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "portalbench-encoder");
                t.setDaemon(true);
                return t;
            });
            try {
                StationDays values = new StationDays(plan.seed());
                for (LocalDate day : missing) {
                    long[] timing = new long[2];
                    long n = loadDay(plan, day, values, encoder, timing);
                    rows += n;
                    done++;
                    progress.dayLoaded(day, n, Duration.ofNanos(timing[0]), Duration.ofNanos(timing[1]), done,
                            missing.size());
                }
            } finally {
                encoder.shutdownNow();
            }
            refreshLatest(plan);
            return new Report(present.size(), done, rows, Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /**
     * Makes {@code reading_latest} hold the newest loaded reading of every series of the plan (guarded: a newer row
     * stays). Does nothing when the schema has no such table (not migrated by this version). Returns rows changed.
     */
    public int refreshLatest(LoadPlan plan) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT to_regclass('reading_latest') IS NOT NULL")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return 0;
                }
            }
            return LatestStore.refresh(c, plan.stations());
        }
    }

    /** One day in one transaction; returns the rows written, {@code timing} gets the nanoseconds of raw, rollups. */
    private long loadDay(LoadPlan plan, LocalDate day, StationDays values, ExecutorService encoder, long[] timing)
            throws SQLException {
        long t0 = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM reading WHERE time >= ? AND time < ?")) {
                    // Rows without a marker came from outside this loader (a loader's own days are atomic).
                    ps.setObject(1, StationDays.start(day).atOffset(ZoneOffset.UTC));
                    ps.setObject(2, StationDays.end(day).atOffset(ZoneOffset.UTC));
                    ps.executeUpdate();
                }
                long rows = copyDay(c, plan.stations(), day, values, encoder);
                long t1 = System.nanoTime();
                DayRollups.compute(c, day);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + MARKER
                        + " (day, seed, stations, rows) VALUES (?, ?, ?, ?)")) {
                    ps.setObject(1, day);
                    ps.setLong(2, plan.seed());
                    ps.setInt(3, plan.stations().size());
                    ps.setLong(4, rows);
                    ps.executeUpdate();
                }
                c.commit();
                timing[0] = t1 - t0;
                timing[1] = System.nanoTime() - t1;
                return rows;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }

    private long copyDay(Connection c, List<Station> stations, LocalDate day, StationDays values,
                         ExecutorService encoder) throws SQLException {
        Deque<Future<byte[]>> ahead = new ArrayDeque<>();
        int next = 0;
        long rows = 0;
        for (int i = 0; i < stations.size(); i++) {
            while (next < stations.size() && ahead.size() < AHEAD) {
                Station s = stations.get(next++);
                ahead.add(encoder.submit(() -> encode(values, s, day)));
            }
            byte[] bytes = await(ahead.poll());
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
            try {
                for (int off = 0; off < bytes.length; off += CHUNK) {
                    copy.writeToCopy(bytes, off, Math.min(CHUNK, bytes.length - off));
                }
                rows += copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
            afterStation.copied(day, i + 1);
        }
        return rows;
    }

    private static byte[] encode(StationDays values, Station s, LocalDate day) {
        ReadingBatch batch = new ReadingBatch((int) StationDays.expectedRows(s, day));
        values.fill(s, day, batch);
        BinaryCopyEncoder e = new BinaryCopyEncoder().encode(batch);
        return Arrays.copyOf(e.buffer(), e.length());
    }

    private static byte[] await(Future<byte[]> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while encoding readings", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("encoding readings failed: " + e.getCause(), e.getCause());
        }
    }
}
