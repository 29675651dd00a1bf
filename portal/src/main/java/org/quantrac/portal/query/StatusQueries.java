package org.quantrac.portal.query;

import static org.quantrac.portal.query.SeriesQueries.instant;
import static org.quantrac.portal.query.SeriesQueries.nullableDouble;
import static org.quantrac.portal.query.SeriesQueries.odt;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.station.Station;
import org.quantrac.portal.query.Rows.AlertRow;
import org.quantrac.portal.query.Rows.AqiRow;
import org.quantrac.portal.query.Rows.LatestValue;

/** Network-wide "now" queries: latest values, current AQI, alerts, per-station health figures. */
public final class StatusQueries {

    /** Hourly AQI older than this is not "current". */
    private static final Duration CURRENT_AQI = Duration.ofHours(3);

    private final DataSource dataSource;
    private final SchemaFeatures features;

    public StatusQueries(DataSource dataSource, SchemaFeatures features) {
        this.dataSource = dataSource;
        this.features = features;
    }

    /**
     * The newest reading of every parameter of the given stations.
     *
     * <p>From {@code reading_latest} when the schema has it (processor migration V101; the processor keeps it within
     * {@code processor.latestFlush} of the stored readings): one small table read instead of one index probe per
     * series into the hypertable. Series missing from it (readings written by something other than a processor, e.g.
     * SQL inserts, or a database without that table) are probed in {@code reading}: first within {@code window} back
     * from now (one index probe per series into the recent chunks only, which is what keeps this fast on a year of
     * data), then without the bound for series with nothing that recent, so a long-silent station still shows its
     * last value. Each station's values are in the catalog's parameter order.
     */
    public Map<Integer, List<LatestValue>> latest(Collection<Station> stations, Duration window, Instant now) {
        Map<Long, Integer> position = new HashMap<>();
        Set<Integer> stationSet = new HashSet<>();
        for (Station s : stations) {
            stationSet.add(s.id());
            for (Parameter p : s.parameters()) {
                position.put(key(s.id(), p.id()), position.size());
            }
        }
        Map<Integer, List<LatestValue>> out = new HashMap<>();
        Set<Long> found = new HashSet<>();
        try (Connection c = dataSource.getConnection()) {
            if (features.get().latest()) {
                collectFromTable(c, stationSet, position, out, found);
            }
            if (found.size() < position.size()) {
                probe(c, position, window, now, out, found);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("latest-values query failed: " + e.getMessage(), e);
        }
        for (List<LatestValue> values : out.values()) {
            values.sort(Comparator.comparingInt(v -> position.get(key(v.stationId(), v.parameterId()))));
        }
        return out;
    }

    private static void collectFromTable(Connection c, Set<Integer> stationIds, Map<Long, Integer> wanted,
                                         Map<Integer, List<LatestValue>> out, Set<Long> found) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT station_id, parameter_id, time, value, status, "
                + "qc_flags FROM reading_latest WHERE station_id = ANY (?)")) {
            st.setArray(1, c.createArrayOf("integer", stationIds.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    // a parameter the catalog no longer lists for the station is not shown
                    if (wanted.containsKey(key(rs.getInt(1), rs.getInt(2)))) {
                        add(rs, out, found);
                    }
                }
            }
        }
    }

    /** The probe path for the wanted series not found yet. */
    private static void probe(Connection c, Map<Long, Integer> wanted, Duration window, Instant now,
                              Map<Integer, List<LatestValue>> out, Set<Long> found) throws SQLException {
        List<Integer> stationIds = new ArrayList<>();
        List<Integer> parameterIds = new ArrayList<>();
        missing(wanted, found, stationIds, parameterIds);
        // The bound is written into the SQL as a literal (an Instant we format, never user input) rather than bound
        // as a parameter: TimescaleDB then excludes the old chunks once when planning instead of once per series at
        // run time, which halved this query on a year of data (365 daily chunks, 1,238 series: 34 -> 18 ms).
        String unbounded = "SELECT k.station_id, k.parameter_id, r.time, r.value, r.status, r.qc_flags "
                + "FROM unnest(?::int[], ?::smallint[]) AS k(station_id, parameter_id) CROSS JOIN LATERAL "
                + "(SELECT time, value, status, qc_flags FROM reading WHERE reading.station_id = k.station_id "
                + "AND reading.parameter_id = k.parameter_id%s ORDER BY time DESC LIMIT 1) r";
        String recent = String.format(unbounded, " AND time >= '" + now.minus(window) + "'::timestamptz");
        collectLatest(c, recent, stationIds, parameterIds, out, found);
        stationIds.clear();
        parameterIds.clear();
        missing(wanted, found, stationIds, parameterIds);
        if (!stationIds.isEmpty()) {
            collectLatest(c, String.format(unbounded, ""), stationIds, parameterIds, out, found);
        }
    }

    private static void missing(Map<Long, Integer> wanted, Set<Long> found, List<Integer> stationIds,
                                List<Integer> parameterIds) {
        for (long k : wanted.keySet()) {
            if (!found.contains(k)) {
                stationIds.add((int) (k >> 16));
                parameterIds.add((int) (k & 0xFFFF));
            }
        }
    }

    private static void collectLatest(Connection c, String sql, List<Integer> stationIds, List<Integer> parameterIds,
                                      Map<Integer, List<LatestValue>> out, Set<Long> found) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setArray(1, c.createArrayOf("integer", stationIds.toArray()));
            st.setArray(2, c.createArrayOf("smallint", parameterIds.stream().map(Integer::shortValue).toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    add(rs, out, found);
                }
            }
        }
    }

    private static void add(ResultSet rs, Map<Integer, List<LatestValue>> out, Set<Long> found) throws SQLException {
        LatestValue v = new LatestValue(rs.getInt(1), rs.getInt(2), instant(rs, 3), rs.getDouble(4), rs.getInt(5),
                rs.getInt(6));
        out.computeIfAbsent(v.stationId(), k -> new ArrayList<>()).add(v);
        found.add(key(v.stationId(), v.parameterId()));
    }

    private static long key(int stationId, int parameterId) {
        return ((long) stationId << 16) | parameterId;
    }

    /** The newest hourly AQI of each station not older than three hours, by station id. */
    public Map<Integer, AqiRow> currentAqi(String index, Instant now) {
        Map<Integer, AqiRow> out = new HashMap<>();
        if (!features.get().aqi()) {
            return out;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("SELECT DISTINCT ON (station_id) station_id, hour_start, aqi, "
                     + "dominant, sub_indices::text FROM aqi_hourly WHERE index_kind = ? AND hour_start >= ? "
                     + "AND aqi IS NOT NULL ORDER BY station_id, hour_start DESC")) {
            st.setString(1, index);
            st.setObject(2, odt(now.minus(CURRENT_AQI)));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), new AqiRow(instant(rs, 2), null, index, rs.getInt(3), rs.getString(4),
                            rs.getString(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("current-AQI query failed: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Alerts opened in the window, newest first; optionally of one station and in one state. Empty when the alerting
     * module's tables do not exist.
     */
    public List<AlertRow> alerts(TimeWindow w, Optional<String> stationCode, Optional<String> state, boolean openOnly,
                                 int limit) {
        if (!features.get().alerts()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT id, station_code, rule_id, parameter_id, severity, state, "
                + "source, condition_since, opened_at, open_value, limit_value, acknowledged_at, resolved_at "
                + "FROM alert WHERE ");
        sql.append(openOnly ? "state <> 'RESOLVED'" : "opened_at >= ? AND opened_at < ?");
        stationCode.ifPresent(s -> sql.append(" AND station_code = ?"));
        state.ifPresent(s -> sql.append(" AND state = ?"));
        sql.append(" ORDER BY opened_at DESC, id DESC LIMIT ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (!openOnly) {
                st.setObject(i++, odt(w.from()));
                st.setObject(i++, odt(w.to()));
            }
            if (stationCode.isPresent()) {
                st.setString(i++, stationCode.get());
            }
            if (state.isPresent()) {
                st.setString(i++, state.get());
            }
            st.setInt(i, limit);
            List<AlertRow> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    int pid = rs.getInt(4);
                    Integer parameterId = rs.wasNull() ? null : pid;
                    out.add(new AlertRow(rs.getLong(1), rs.getString(2), rs.getString(3), parameterId,
                            rs.getString(5), rs.getString(6), rs.getString(7), instant(rs, 8), instant(rs, 9),
                            rs.getDouble(10), nullableDouble(rs, 11), instant(rs, 12), instant(rs, 13)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("alert query failed: " + e.getMessage(), e);
        }
    }

    /** Open (or acknowledged) alerts per station code. */
    public Map<String, Integer> openAlertCounts() {
        Map<String, Integer> out = new HashMap<>();
        if (!features.get().alerts()) {
            return out;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT station_code, count(*)::int FROM alert WHERE state <> 'RESOLVED' GROUP BY 1");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("alert count query failed: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Valid readings since {@code since} divided by the readings expected from each station's interval and
     * parameter count, by station id. From the hourly rollups when they exist, else counted from the raw rows.
     */
    public Map<Integer, Double> completenessSince(Collection<Station> stations, Instant since, Instant now) {
        Map<Integer, Double> out = new HashMap<>();
        Map<Integer, Long> valid = new HashMap<>();
        String sql = features.get().rollups()
                ? "SELECT station_id, sum(valid_count)::bigint FROM reading_hourly WHERE hour_start >= ? GROUP BY 1"
                : "SELECT station_id, count(*) FROM reading WHERE time >= ? AND qc_flags & "
                        + SeriesQueries.INVALIDATING + " = 0 GROUP BY 1";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, odt(since));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    valid.put(rs.getInt(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("completeness query failed: " + e.getMessage(), e);
        }
        long seconds = Math.max(1, Duration.between(since, now).toSeconds());
        for (Station s : stations) {
            double expected = (double) seconds / s.interval().toSeconds() * s.parameters().size();
            out.put(s.id(), Math.min(1.0, valid.getOrDefault(s.id(), 0L) / Math.max(1.0, expected)));
        }
        return out;
    }
}
