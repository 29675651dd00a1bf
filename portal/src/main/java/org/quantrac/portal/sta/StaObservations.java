package org.quantrac.portal.sta;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Observations for SensorThings: readings of one datastream (station × parameter) or of all, always bounded by
 * station/parameter and time, so a client cannot ask for an unindexed scan. Counting is done only when asked
 * ({@code $count=true}): FROST's unconditional counts are what makes it time out on large tables.
 */
public final class StaObservations {

    /** One reading. */
    public record Obs(int stationId, int parameterId, Instant time, double value, int status, int qcFlags) {
    }

    private final DataSource dataSource;

    public StaObservations(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** {@code stationId}/{@code parameterId} empty: every series (then a time range is required by the caller). */
    public List<Obs> find(Optional<Integer> stationId, Optional<Integer> parameterId, Optional<Instant> from,
                          Optional<Instant> to, boolean descending, int top, int skip) {
        StringBuilder sql = new StringBuilder("SELECT station_id, parameter_id, time, value, status, qc_flags "
                + "FROM reading WHERE true");
        where(sql, stationId, parameterId, from, to);
        sql.append(descending ? " ORDER BY time DESC, station_id, parameter_id" : " ORDER BY time, station_id, "
                + "parameter_id").append(" LIMIT ? OFFSET ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql.toString())) {
            int i = bind(st, stationId, parameterId, from, to);
            st.setInt(i++, top);
            st.setInt(i, skip);
            List<Obs> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Obs(rs.getInt(1), rs.getInt(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                            rs.getDouble(4), rs.getInt(5), rs.getInt(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("observation query failed: " + e.getMessage(), e);
        }
    }

    public long count(Optional<Integer> stationId, Optional<Integer> parameterId, Optional<Instant> from,
                      Optional<Instant> to) {
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM reading WHERE true");
        where(sql, stationId, parameterId, from, to);
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql.toString())) {
            bind(st, stationId, parameterId, from, to);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("observation count failed: " + e.getMessage(), e);
        }
    }

    /** The first and last reading time of a series (the Datastream's phenomenonTime), or empty. */
    public Optional<Instant[]> extent(int stationId, int parameterId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("SELECT (SELECT min(time) FROM reading WHERE station_id = ? "
                     + "AND parameter_id = ?), (SELECT max(time) FROM reading WHERE station_id = ? "
                     + "AND parameter_id = ?)")) {
            st.setInt(1, stationId);
            st.setInt(2, parameterId);
            st.setInt(3, stationId);
            st.setInt(4, parameterId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                OffsetDateTime a = rs.getObject(1, OffsetDateTime.class);
                OffsetDateTime b = rs.getObject(2, OffsetDateTime.class);
                return a == null ? Optional.empty() : Optional.of(new Instant[] {a.toInstant(), b.toInstant()});
            }
        } catch (SQLException e) {
            throw new IllegalStateException("datastream extent query failed: " + e.getMessage(), e);
        }
    }

    private static void where(StringBuilder sql, Optional<Integer> stationId, Optional<Integer> parameterId,
                              Optional<Instant> from, Optional<Instant> to) {
        stationId.ifPresent(x -> sql.append(" AND station_id = ?"));
        parameterId.ifPresent(x -> sql.append(" AND parameter_id = ?"));
        from.ifPresent(x -> sql.append(" AND time >= ?"));
        to.ifPresent(x -> sql.append(" AND time < ?"));
    }

    private static int bind(PreparedStatement st, Optional<Integer> stationId, Optional<Integer> parameterId,
                            Optional<Instant> from, Optional<Instant> to) throws SQLException {
        int i = 1;
        if (stationId.isPresent()) {
            st.setInt(i++, stationId.get());
        }
        if (parameterId.isPresent()) {
            st.setInt(i++, parameterId.get());
        }
        if (from.isPresent()) {
            st.setObject(i++, from.get().atOffset(ZoneOffset.UTC));
        }
        if (to.isPresent()) {
            st.setObject(i++, to.get().atOffset(ZoneOffset.UTC));
        }
        return i;
    }
}
