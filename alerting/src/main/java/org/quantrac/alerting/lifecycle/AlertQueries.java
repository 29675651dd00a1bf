package org.quantrac.alerting.lifecycle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Read-only queries of alerts and their history, for the API. */
public final class AlertQueries {

    /** Which alerts to list. */
    public enum Filter { UNRESOLVED, RESOLVED, ALL }

    private final DataSource dataSource;

    public AlertQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Newest first. */
    public List<Alert> list(Filter filter, Optional<String> stationCode, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + AlertRows.ALERT_COLUMNS + " FROM alert a WHERE true");
        if (filter == Filter.UNRESOLVED) {
            sql.append(" AND a.state <> 'RESOLVED'");
        } else if (filter == Filter.RESOLVED) {
            sql.append(" AND a.state = 'RESOLVED'");
        }
        if (stationCode.isPresent()) {
            sql.append(" AND a.station_code = ?");
        }
        sql.append(" ORDER BY a.opened_at DESC, a.id DESC LIMIT ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (stationCode.isPresent()) {
                p.setString(i++, stationCode.get());
            }
            p.setInt(i, limit);
            List<Alert> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(AlertRows.alert(rs));
                }
            }
            return out;
        }
    }

    public Optional<Alert> find(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT " + AlertRows.ALERT_COLUMNS
                     + " FROM alert a WHERE a.id = ?")) {
            p.setLong(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(AlertRows.alert(rs)) : Optional.empty();
            }
        }
    }

    /** The alert's changes, in order. */
    public List<AlertEvent> events(long alertId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT " + AlertRows.ALERT_COLUMNS + ", "
                     + AlertRows.EVENT_COLUMNS + " FROM alert_event e JOIN alert a ON a.id = e.alert_id "
                     + "WHERE e.alert_id = ? ORDER BY e.id")) {
            p.setLong(1, alertId);
            List<AlertEvent> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(AlertRows.event(rs));
                }
            }
            return out;
        }
    }
}
