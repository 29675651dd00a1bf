package org.quantrac.processor.rollup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.quantrac.processor.qc.QcMasks;

/**
 * Recomputes the hourly and daily rollups (and the AQI) of the (station, hour) pairs marked in {@code rollup_dirty}.
 *
 * <p>An hour is rolled up once it has ended plus {@code processor.rollup.delay}; later readings of it mark it again and
 * it is recomputed (they are flagged LATE). Every run takes a bounded set of marks ({@code FOR UPDATE SKIP LOCKED}:
 * several processors share the work), recomputes those hours from the raw readings, the affected local days from the
 * hours, and deletes the marks, all in one transaction. Recomputing from the stored readings rather than adding
 * increments makes the result independent of arrival order, replays and duplicates; a failed run leaves the marks for
 * the next one.
 */
public final class RollupWorker {

    /** Marks taken per transaction: bounds the transaction when a backfill marked many hours. */
    static final int MARKS_PER_RUN = 5_000;

    private static final String CREATE_TAKEN = "CREATE TEMP TABLE IF NOT EXISTS rollup_taken "
            + "(station_id integer NOT NULL, hour_start timestamptz NOT NULL) ON COMMIT DELETE ROWS";
    // Only hours that have ended (plus the delay): recomputing the hour being filled on every run would re-aggregate
    // it again and again, which at 100k readings/s costs more than storing them. The current hour is provisional
    // and read from the raw readings.
    private static final String TAKE = "WITH d AS (DELETE FROM rollup_dirty WHERE (station_id, hour_start) IN "
            + "(SELECT station_id, hour_start FROM rollup_dirty "
            + "WHERE hour_start <= now() - interval '1 hour' - make_interval(secs => ?) "
            + "ORDER BY hour_start LIMIT ? FOR UPDATE SKIP LOCKED) "
            + "RETURNING station_id, hour_start) INSERT INTO rollup_taken SELECT station_id, hour_start FROM d";
    private static final String VALID = "r.qc_flags & " + QcMasks.INVALIDATING + " = 0";
    private static final String HOURLY = "INSERT INTO reading_hourly (station_id, parameter_id, hour_start, avg_value, "
            + "min_value, max_value, sum_value, valid_count, total_count, expected_count, completeness, valid, "
            + "updated_at) SELECT station_id, parameter_id, hour_start, avg_value, min_value, max_value, sum_value, "
            + "valid_count, total_count, expected, LEAST(1.0, valid_count::float8 / expected), "
            + "LEAST(1.0, valid_count::float8 / expected) >= ?, now() FROM ("
            + "SELECT t.station_id, r.parameter_id, t.hour_start, "
            + "avg(r.value) FILTER (WHERE " + VALID + ") AS avg_value, "
            + "min(r.value) FILTER (WHERE " + VALID + ") AS min_value, "
            + "max(r.value) FILTER (WHERE " + VALID + ") AS max_value, "
            + "COALESCE(sum(r.value) FILTER (WHERE " + VALID + "), 0) AS sum_value, "
            + "(count(*) FILTER (WHERE " + VALID + "))::integer AS valid_count, count(*)::integer AS total_count, "
            + "GREATEST(1, 3600 / COALESCE(s.interval_seconds, 60)) AS expected "
            + "FROM rollup_taken t JOIN reading r ON r.station_id = t.station_id AND r.time >= t.hour_start "
            + "AND r.time < t.hour_start + interval '1 hour' LEFT JOIN station s ON s.id = t.station_id "
            + "GROUP BY t.station_id, r.parameter_id, t.hour_start, s.interval_seconds) g "
            + "ON CONFLICT (station_id, parameter_id, hour_start) DO UPDATE SET avg_value = EXCLUDED.avg_value, "
            + "min_value = EXCLUDED.min_value, max_value = EXCLUDED.max_value, sum_value = EXCLUDED.sum_value, "
            + "valid_count = EXCLUDED.valid_count, total_count = EXCLUDED.total_count, "
            + "expected_count = EXCLUDED.expected_count, completeness = EXCLUDED.completeness, "
            + "valid = EXCLUDED.valid, updated_at = now()";
    // Local days from the hours: midnight-to-midnight in the configured zone (?::text placeholders are the zone).
    private static final String DAILY = "INSERT INTO reading_daily (station_id, parameter_id, day, avg_value, "
            + "min_value, max_value, valid_count, total_count, expected_count, completeness, valid, updated_at) "
            + "SELECT station_id, parameter_id, day, sum_value / NULLIF(valid_count, 0), min_value, max_value, "
            + "valid_count, total_count, expected, LEAST(1.0, valid_count::float8 / expected), "
            + "LEAST(1.0, valid_count::float8 / expected) >= ?, now() FROM ("
            + "SELECT k.station_id, h.parameter_id, k.day, sum(h.sum_value) AS sum_value, "
            + "min(h.min_value) AS min_value, "
            + "max(h.max_value) AS max_value, sum(h.valid_count)::integer AS valid_count, "
            + "sum(h.total_count)::integer AS total_count, GREATEST(1, 86400 / COALESCE(s.interval_seconds, 60)) "
            + "AS expected FROM (SELECT DISTINCT station_id, (hour_start AT TIME ZONE ?)::date AS day "
            + "FROM rollup_taken) k JOIN reading_hourly h ON h.station_id = k.station_id "
            + "AND h.hour_start >= (k.day::timestamp AT TIME ZONE ?) "
            + "AND h.hour_start < ((k.day + 1)::timestamp AT TIME ZONE ?) "
            + "LEFT JOIN station s ON s.id = k.station_id "
            + "GROUP BY k.station_id, h.parameter_id, k.day, s.interval_seconds) g "
            + "ON CONFLICT (station_id, parameter_id, day) DO UPDATE SET avg_value = EXCLUDED.avg_value, "
            + "min_value = EXCLUDED.min_value, max_value = EXCLUDED.max_value, valid_count = EXCLUDED.valid_count, "
            + "total_count = EXCLUDED.total_count, expected_count = EXCLUDED.expected_count, "
            + "completeness = EXCLUDED.completeness, valid = EXCLUDED.valid, updated_at = now()";

    private final DataSource dataSource;
    private final RollupConfig config;
    private final AqiUpdater aqi;

    /** @param aqi the AQI step, or null to maintain rollups only */
    public RollupWorker(DataSource dataSource, RollupConfig config, AqiUpdater aqi) {
        this.dataSource = dataSource;
        this.config = config;
        this.aqi = aqi;
    }

    /** Recomputes until no marks are left; returns how many (station, hour) marks were processed. */
    public long drain() throws SQLException {
        long total = 0;
        int n;
        do {
            n = runOnce();
            total += n;
        } while (n == MARKS_PER_RUN);
        return total;
    }

    /** One transaction: takes up to {@link #MARKS_PER_RUN} marks and recomputes them. */
    public int runOnce() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement st = c.createStatement()) {
                    st.execute(CREATE_TAKEN);
                }
                int taken;
                try (PreparedStatement ps = c.prepareStatement(TAKE)) {
                    ps.setDouble(1, config.delay().toMillis() / 1000.0);
                    ps.setInt(2, MARKS_PER_RUN);
                    taken = ps.executeUpdate();
                }
                if (taken > 0) {
                    try (PreparedStatement ps = c.prepareStatement(HOURLY)) {
                        ps.setDouble(1, config.minCompleteness());
                        ps.executeUpdate();
                    }
                    String zone = config.zone().getId();
                    try (PreparedStatement ps = c.prepareStatement(DAILY)) {
                        ps.setDouble(1, config.minCompleteness());
                        ps.setString(2, zone);
                        ps.setString(3, zone);
                        ps.setString(4, zone);
                        ps.executeUpdate();
                    }
                    if (aqi != null) {
                        aqi.update(c);
                    }
                }
                c.commit();
                return taken;
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
}
