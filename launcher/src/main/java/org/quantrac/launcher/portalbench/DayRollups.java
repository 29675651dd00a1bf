package org.quantrac.launcher.portalbench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.quantrac.processor.qc.QcMasks;

/**
 * The processor's hourly and daily rollups of one whole local day, computed in the caller's transaction with the
 * rules of its {@code RollupWorker} (valid readings are those without an invalidating QC flag; expected counts from
 * the station's interval; completeness = valid / expected, at most 1; valid from {@value #MIN_COMPLETENESS}; daily
 * figures from the hours).
 *
 * <p>Why not the worker itself: it joins its marks to {@code reading} with per-mark time bounds, which TimescaleDB
 * cannot use to exclude chunks, so every mark probes every chunk's index — about 5 s per day at ten days loaded and
 * growing with each day (measured). Here the day's bounds are constants, so only the day's one or two chunks are read,
 * in one pass. The worker's AQI step is not reachable from outside it: the loaded days get no AQI rows (the benchmark's
 * requests do not read them).
 */
final class DayRollups {

    static final double MIN_COMPLETENESS = 0.75;
    private static final String VALID = "r.qc_flags & " + QcMasks.INVALIDATING + " = 0";
    // date_trunc in UTC, not time_bucket: whole UTC hours are whole local hours (UTC+7), and it runs without
    // TimescaleDB too.
    private static final String HOURLY = "INSERT INTO reading_hourly (station_id, parameter_id, hour_start, "
            + "avg_value, min_value, max_value, sum_value, valid_count, total_count, expected_count, completeness, "
            + "valid, updated_at) SELECT station_id, parameter_id, hour_start, avg_value, min_value, max_value, "
            + "sum_value, valid_count, total_count, expected, LEAST(1.0, valid_count::float8 / expected), "
            + "LEAST(1.0, valid_count::float8 / expected) >= " + MIN_COMPLETENESS + ", now() FROM ("
            + "SELECT r.station_id, r.parameter_id, date_trunc('hour', r.time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' "
            + "AS hour_start, avg(r.value) FILTER (WHERE " + VALID + ") AS avg_value, "
            + "min(r.value) FILTER (WHERE " + VALID + ") AS min_value, "
            + "max(r.value) FILTER (WHERE " + VALID + ") AS max_value, "
            + "COALESCE(sum(r.value) FILTER (WHERE " + VALID + "), 0) AS sum_value, "
            + "(count(*) FILTER (WHERE " + VALID + "))::integer AS valid_count, count(*)::integer AS total_count, "
            + "GREATEST(1, 3600 / COALESCE(s.interval_seconds, 60)) AS expected "
            + "FROM reading r LEFT JOIN station s ON s.id = r.station_id WHERE r.time >= ? AND r.time < ? "
            + "GROUP BY r.station_id, r.parameter_id, 3, s.interval_seconds) g "
            + "ON CONFLICT (station_id, parameter_id, hour_start) DO UPDATE SET avg_value = EXCLUDED.avg_value, "
            + "min_value = EXCLUDED.min_value, max_value = EXCLUDED.max_value, sum_value = EXCLUDED.sum_value, "
            + "valid_count = EXCLUDED.valid_count, total_count = EXCLUDED.total_count, "
            + "expected_count = EXCLUDED.expected_count, completeness = EXCLUDED.completeness, "
            + "valid = EXCLUDED.valid, updated_at = now()";
    private static final String DAILY = "INSERT INTO reading_daily (station_id, parameter_id, day, avg_value, "
            + "min_value, max_value, valid_count, total_count, expected_count, completeness, valid, updated_at) "
            + "SELECT station_id, parameter_id, ?, sum_value / NULLIF(valid_count, 0), min_value, max_value, "
            + "valid_count, total_count, expected, LEAST(1.0, valid_count::float8 / expected), "
            + "LEAST(1.0, valid_count::float8 / expected) >= " + MIN_COMPLETENESS + ", now() FROM ("
            + "SELECT h.station_id, h.parameter_id, sum(h.sum_value) AS sum_value, min(h.min_value) AS min_value, "
            + "max(h.max_value) AS max_value, sum(h.valid_count)::integer AS valid_count, "
            + "sum(h.total_count)::integer AS total_count, GREATEST(1, 86400 / COALESCE(s.interval_seconds, 60)) "
            + "AS expected FROM reading_hourly h LEFT JOIN station s ON s.id = h.station_id "
            + "WHERE h.hour_start >= ? AND h.hour_start < ? GROUP BY h.station_id, h.parameter_id, "
            + "s.interval_seconds) g "
            + "ON CONFLICT (station_id, parameter_id, day) DO UPDATE SET avg_value = EXCLUDED.avg_value, "
            + "min_value = EXCLUDED.min_value, max_value = EXCLUDED.max_value, valid_count = EXCLUDED.valid_count, "
            + "total_count = EXCLUDED.total_count, expected_count = EXCLUDED.expected_count, "
            + "completeness = EXCLUDED.completeness, valid = EXCLUDED.valid, updated_at = now()";

    private DayRollups() {
    }

    /** Recomputes the day's hourly rows from its readings, then its daily rows from those hours. */
    static void compute(Connection c, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(HOURLY)) {
            ps.setObject(1, StationDays.start(day).atOffset(ZoneOffset.UTC));
            ps.setObject(2, StationDays.end(day).atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(DAILY)) {
            ps.setObject(1, day);
            ps.setObject(2, StationDays.start(day).atOffset(ZoneOffset.UTC));
            ps.setObject(3, StationDays.end(day).atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }
}
