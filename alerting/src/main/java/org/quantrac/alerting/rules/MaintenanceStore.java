package org.quantrac.alerting.rules;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Maintenance windows in {@code alert_maintenance}. */
public final class MaintenanceStore {

    private final DataSource dataSource;

    public MaintenanceStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<MaintenanceWindow> all() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT id, station_code, starts_at, ends_at, reason, "
                     + "created_by FROM alert_maintenance ORDER BY id");
             ResultSet rs = p.executeQuery()) {
            List<MaintenanceWindow> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new MaintenanceWindow(rs.getLong(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getString(6)));
            }
            return out;
        }
    }

    /** Stores a window and returns it with its id. */
    public MaintenanceWindow insert(MaintenanceWindow w) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("INSERT INTO alert_maintenance (station_code, starts_at, "
                     + "ends_at, reason, created_by) VALUES (?, ?, ?, ?, ?) RETURNING id")) {
            p.setString(1, w.stationCode());
            p.setObject(2, OffsetDateTime.ofInstant(w.from(), ZoneOffset.UTC));
            p.setObject(3, OffsetDateTime.ofInstant(w.to(), ZoneOffset.UTC));
            p.setString(4, w.reason());
            p.setString(5, w.createdBy());
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return new MaintenanceWindow(rs.getLong(1), w.stationCode(), w.from(), w.to(), w.reason(),
                        w.createdBy());
            }
        }
    }

    public boolean delete(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("DELETE FROM alert_maintenance WHERE id = ?")) {
            p.setLong(1, id);
            return p.executeUpdate() > 0;
        }
    }
}
