package org.quantrac.portal.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.quantrac.core.station.Station;
import org.quantrac.portal.query.Rows.AggregateRow;
import org.quantrac.portal.query.Rows.AqiRow;
import org.quantrac.portal.query.Rows.Page;
import org.quantrac.portal.query.Rows.ReadingRow;

/**
 * Time series of one station: raw readings, hourly and daily aggregates, hourly and daily AQI. Every value reaches
 * SQL as a bind parameter; the only text put into statements is fixed clauses chosen in code.
 *
 * <p>Aggregates come from the processor's rollup tables when they exist. Without them (a database the processor has
 * not migrated yet) they are computed from the raw readings with the same rule: readings with an invalidating QC flag
 * ({@link #INVALIDATING}, every flag but LATE) are left out, completeness = valid / expected, valid from 75 %.
 */
public final class SeriesQueries {

    /** QcFlag bits that exclude a reading from averages (all but LATE), see docs/quality-flags.md. */
    static final int INVALIDATING = 0b11111;
    static final double MIN_COMPLETENESS = 0.75;
    private static final ZoneOffset VIETNAM = ZoneOffset.ofHours(7);

    private final DataSource dataSource;
    private final SchemaFeatures features;

    public SeriesQueries(DataSource dataSource, SchemaFeatures features) {
        this.dataSource = dataSource;
        this.features = features;
    }

    public SchemaFeatures features() {
        return features;
    }

    /** Raw readings ordered by (time, parameter). {@code parameterIds} empty: all. */
    public Page<ReadingRow> raw(int stationId, List<Integer> parameterIds, TimeWindow w, Optional<Cursor> after,
                                int limit) {
        StringBuilder sql = new StringBuilder("SELECT time, parameter_id, value, status, qc_flags FROM reading "
                + "WHERE station_id = ? AND time >= ? AND time < ?");
        appendFilters(sql, parameterIds, after, "time");
        sql.append(" ORDER BY time, parameter_id LIMIT ?");
        return query(sql.toString(), stationId, parameterIds, w.from(), w.to(), after, limit, rs -> new ReadingRow(
                instant(rs, 1), rs.getInt(2), rs.getDouble(3), rs.getInt(4), rs.getInt(5)));
    }

    /** Hourly aggregates (whole UTC hours, which are whole local hours in every whole-hour zone). */
    public Page<AggregateRow> hourly(Station station, List<Integer> parameterIds, TimeWindow w,
                                     Optional<Cursor> after, int limit) {
        StringBuilder sql;
        if (features.get().rollups()) {
            sql = new StringBuilder("SELECT hour_start, parameter_id, avg_value, min_value, max_value, valid_count, "
                    + "total_count, expected_count, completeness, valid FROM reading_hourly "
                    + "WHERE station_id = ? AND hour_start >= ? AND hour_start < ?");
            appendFilters(sql, parameterIds, after, "hour_start");
        } else {
            int expected = (int) Math.max(1, 3600 / station.interval().toSeconds());
            // date_trunc on timestamptz would truncate in the session's zone: truncate in UTC explicitly.
            sql = new StringBuilder("SELECT * FROM (SELECT date_trunc('hour', time AT TIME ZONE 'UTC') "
                    + "AT TIME ZONE 'UTC' AS hour_start, parameter_id, " + aggregates(expected)
                    + " FROM reading WHERE station_id = ? AND time >= ? AND time < ?");
            appendFilters(sql, parameterIds, Optional.empty(), "time");
            sql.append(" GROUP BY 1, 2) h WHERE true");
            appendFilters(sql, List.of(), after, "hour_start");
        }
        sql.append(" ORDER BY hour_start, parameter_id LIMIT ?");
        return query(sql.toString(), station.id(), parameterIds, w.from(), w.to(), after, limit,
                rs -> aggregate(rs, null));
    }

    /**
     * Daily aggregates for the local days of {@code w.zone()} the window touches. Vietnamese days come from the
     * processor's daily table; other whole-hour zones regroup its hourly rows; anything else is computed from the
     * raw readings (so {@code rawAllowed} says whether the window is short enough for that).
     */
    public Page<AggregateRow> daily(Station station, List<Integer> parameterIds, TimeWindow w, Optional<Cursor> after,
                                    int limit, boolean rawAllowed) {
        ZoneId zone = w.zone();
        LocalDate firstDay = w.from().atZone(zone).toLocalDate();
        LocalDate endDay = w.to().minusNanos(1).atZone(zone).toLocalDate().plusDays(1);
        Instant start = firstDay.atStartOfDay(zone).toInstant();
        Instant end = endDay.atStartOfDay(zone).toInstant();
        TimeWindow days = new TimeWindow(start, end, zone);
        boolean rollups = features.get().rollups();
        String sql;
        if (rollups && vietnameseDays(days)) {
            sql = "SELECT day, parameter_id, avg_value, min_value, max_value, valid_count, total_count, "
                    + "expected_count, completeness, valid FROM reading_daily WHERE station_id = ? AND day >= ? "
                    + "AND day < ?" + parameterFilter(parameterIds) + cursorFilter(after, "day")
                    + " ORDER BY day, parameter_id LIMIT ?";
            return queryDays(sql, station.id(), parameterIds, firstDay, endDay, after, limit, zone, false);
        }
        if (rollups && days.wholeHourOffsets()) {
            sql = "SELECT * FROM (SELECT (hour_start AT TIME ZONE ?)::date AS day, parameter_id, "
                    + "sum(sum_value) / nullif(sum(valid_count), 0), min(min_value), max(max_value), "
                    + "sum(valid_count)::int, sum(total_count)::int, sum(expected_count)::int, "
                    + "least(1.0, sum(valid_count)::float8 / nullif(sum(expected_count), 0)) AS completeness "
                    + "FROM reading_hourly WHERE station_id = ? AND hour_start >= ? AND hour_start < ?"
                    + parameterFilter(parameterIds) + " GROUP BY 1, 2) d WHERE true" + cursorFilter(after, "day")
                    + " ORDER BY day, parameter_id LIMIT ?";
            return queryDays(sql, station.id(), parameterIds, start, end, after, limit, zone, true);
        }
        if (!rawAllowed) {
            throw new BadRequest(rollups
                    ? "daily aggregates in time zone " + zone + " (an offset that is not a whole number of hours) "
                            + "are computed from raw readings, which this range is too long for: request a shorter "
                            + "range or use a whole-hour zone such as Asia/Ho_Chi_Minh"
                    : "this database has no daily rollups yet (the stream processor creates them), so daily "
                            + "aggregates are computed from raw readings, which this range is too long for: "
                            + "request a shorter range");
        }
        int expected = (int) Math.max(1, 86_400 / station.interval().toSeconds());
        sql = "SELECT * FROM (SELECT (time AT TIME ZONE ?)::date AS day, parameter_id, " + aggregates(expected)
                + " FROM reading WHERE station_id = ? AND time >= ? AND time < ?" + parameterFilter(parameterIds)
                + " GROUP BY 1, 2) d WHERE true" + cursorFilter(after, "day") + " ORDER BY day, parameter_id LIMIT ?";
        return queryDays(sql, station.id(), parameterIds, start, end, after, limit, zone, true);
    }

    /** Hourly AQI ({@code VN_AQI} or {@code US_AQI}); empty when the processor's tables do not exist. */
    public Page<AqiRow> aqiHourly(int stationId, String index, TimeWindow w, Optional<Cursor> after, int limit) {
        String sql = "SELECT hour_start, aqi, dominant, sub_indices::text FROM aqi_hourly WHERE station_id = ? "
                + "AND index_kind = ? AND hour_start >= ? AND hour_start < ?"
                + (after.isPresent() ? " AND hour_start > ?" : "") + " ORDER BY hour_start LIMIT ?";
        return aqi(sql, stationId, index, w.from(), w.to(), after.map(c -> (Object) odt(c.time())), limit, false);
    }

    /** Daily AQI of Vietnamese local days (the regulation defines it on them, whatever zone the client reads in). */
    public Page<AqiRow> aqiDaily(int stationId, String index, TimeWindow w, Optional<Cursor> after, int limit) {
        LocalDate first = w.from().atZone(VIETNAM).toLocalDate();
        LocalDate end = w.to().minusNanos(1).atZone(VIETNAM).toLocalDate().plusDays(1);
        String sql = "SELECT day, aqi, dominant, sub_indices::text FROM aqi_daily WHERE station_id = ? "
                + "AND index_kind = ? AND day >= ? AND day < ?" + (after.isPresent() ? " AND day > ?" : "")
                + " ORDER BY day LIMIT ?";
        return aqi(sql, stationId, index, first, end,
                after.map(c -> (Object) c.time().atZone(VIETNAM).toLocalDate()), limit, true);
    }

    private Page<AqiRow> aqi(String sql, int stationId, String index, Object from, Object to, Optional<Object> after,
                             int limit, boolean daily) {
        if (!features.get().aqi()) {
            return new Page<>(List.of(), Optional.empty());
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            int i = 1;
            st.setInt(i++, stationId);
            st.setString(i++, index);
            st.setObject(i++, from instanceof Instant in ? odt(in) : from);
            st.setObject(i++, to instanceof Instant in ? odt(in) : to);
            if (after.isPresent()) {
                st.setObject(i++, after.get());
            }
            st.setInt(i, limit + 1);
            List<AqiRow> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    LocalDate day = daily ? rs.getObject(1, LocalDate.class) : null;
                    Instant start = daily ? day.atStartOfDay(VIETNAM).toInstant() : instant(rs, 1);
                    int aqi = rs.getInt(2);
                    rows.add(new AqiRow(start, day, index, rs.wasNull() ? null : aqi, rs.getString(3),
                            rs.getString(4)));
                }
            }
            return page(rows, limit, r -> new Cursor(r.start(), 0));
        } catch (SQLException e) {
            throw new IllegalStateException("AQI query failed: " + e.getMessage(), e);
        }
    }

    private static boolean vietnameseDays(TimeWindow w) {
        ZoneId z = w.zone();
        if (!z.getRules().getOffset(w.from()).equals(VIETNAM)) {
            return false;
        }
        var t = z.getRules().nextTransition(w.from());
        return t == null || !t.getInstant().isBefore(w.to());
    }

    private static String aggregates(int expected) {
        String ok = " FILTER (WHERE qc_flags & " + INVALIDATING + " = 0)";
        return "avg(value)" + ok + ", min(value)" + ok + ", max(value)" + ok + ", (count(*)" + ok + ")::int, "
                + "count(*)::int, " + expected + ", least(1.0, (count(*)" + ok + ")::float8 / " + expected + ")";
    }

    private static void appendFilters(StringBuilder sql, List<Integer> parameterIds, Optional<Cursor> after,
                                      String timeColumn) {
        sql.append(parameterFilter(parameterIds)).append(cursorFilter(after, timeColumn));
    }

    private static String parameterFilter(List<Integer> parameterIds) {
        return parameterIds.isEmpty() ? "" : " AND parameter_id = ANY (?)";
    }

    private static String cursorFilter(Optional<Cursor> after, String timeColumn) {
        return after.isEmpty() ? "" : " AND (" + timeColumn + ", parameter_id) > (?, ?)";
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> Page<T> query(String sql, int stationId, List<Integer> parameterIds, Instant from, Instant to,
                              Optional<Cursor> after, int limit, RowMapper<T> mapper) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            int i = 1;
            st.setInt(i++, stationId);
            st.setObject(i++, odt(from));
            st.setObject(i++, odt(to));
            if (!parameterIds.isEmpty()) {
                st.setArray(i++, c.createArrayOf("smallint", parameterIds.stream().map(Integer::shortValue)
                        .toArray()));
            }
            if (after.isPresent()) {
                st.setObject(i++, odt(after.get().time()));
                st.setInt(i++, after.get().parameterId());
            }
            st.setInt(i, limit + 1);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return page(rows, limit, r -> r instanceof ReadingRow rr ? new Cursor(rr.time(), rr.parameterId())
                    : new Cursor(((AggregateRow) r).start(), ((AggregateRow) r).parameterId()));
        } catch (SQLException e) {
            throw new IllegalStateException("series query failed: " + e.getMessage(), e);
        }
    }

    private Page<AggregateRow> queryDays(String sql, int stationId, List<Integer> parameterIds, Object from,
                                         Object to, Optional<Cursor> after, int limit, ZoneId zone,
                                         boolean zoneFirst) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            int i = 1;
            if (zoneFirst) {
                st.setString(i++, zone.getId());
            }
            st.setInt(i++, stationId);
            st.setObject(i++, from instanceof Instant in ? odt(in) : from);
            st.setObject(i++, to instanceof Instant in ? odt(in) : to);
            if (!parameterIds.isEmpty()) {
                st.setArray(i++, c.createArrayOf("smallint", parameterIds.stream().map(Integer::shortValue)
                        .toArray()));
            }
            if (after.isPresent()) {
                st.setObject(i++, after.get().time().atZone(zone).toLocalDate());
                st.setInt(i++, after.get().parameterId());
            }
            st.setInt(i, limit + 1);
            List<AggregateRow> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(aggregate(rs, zone));
                }
            }
            return page(rows, limit, r -> new Cursor(r.start(), r.parameterId()));
        } catch (SQLException e) {
            throw new IllegalStateException("daily query failed: " + e.getMessage(), e);
        }
    }

    /** Maps the ten aggregate columns; {@code dayZone} non-null: column 1 is a local date in that zone. */
    private static AggregateRow aggregate(ResultSet rs, ZoneId dayZone) throws SQLException {
        LocalDate day = dayZone == null ? null : rs.getObject(1, LocalDate.class);
        Instant start = dayZone == null ? instant(rs, 1) : day.atStartOfDay(dayZone).toInstant();
        double completeness = rs.getDouble(9);
        int ncol = rs.getMetaData().getColumnCount();
        boolean valid = ncol >= 10 ? rs.getBoolean(10) : completeness >= MIN_COMPLETENESS;
        return new AggregateRow(start, day, rs.getInt(2), nullableDouble(rs, 3), nullableDouble(rs, 4),
                nullableDouble(rs, 5), rs.getInt(6), rs.getInt(7), rs.getInt(8), completeness, valid);
    }

    private static <T> Page<T> page(List<T> rows, int limit, java.util.function.Function<T, Cursor> cursorOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, Optional.empty());
        }
        List<T> pageRows = new ArrayList<>(rows.subList(0, limit));
        return new Page<>(pageRows, Optional.of(cursorOf.apply(pageRows.get(limit - 1))));
    }

    static Double nullableDouble(ResultSet rs, int col) throws SQLException {
        double d = rs.getDouble(col);
        return rs.wasNull() ? null : d;
    }

    static Instant instant(ResultSet rs, int col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime odt(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
