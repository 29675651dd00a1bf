package org.quantrac.alerting.rules;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Per-station rule overrides set through the API, in {@code alert_rule_override}. */
public final class OverrideStore {

    private final DataSource dataSource;

    public OverrideStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<RuleOverride> all() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT station_code, rule_id, enabled, lower_limit, "
                     + "upper_limit, severity, persist_seconds, updated_by FROM alert_rule_override");
             ResultSet rs = p.executeQuery()) {
            List<RuleOverride> out = new ArrayList<>();
            while (rs.next()) {
                boolean enabled = rs.getBoolean("enabled");
                Optional<Boolean> en = rs.wasNull() ? Optional.empty() : Optional.of(enabled);
                out.add(new RuleOverride(rs.getString("station_code"), rs.getString("rule_id"), en,
                        optionalDouble(rs, "lower_limit"), optionalDouble(rs, "upper_limit"),
                        Optional.ofNullable(rs.getString("severity")).map(Severity::valueOf),
                        Optional.ofNullable((Integer) rs.getObject("persist_seconds")).map(Duration::ofSeconds),
                        rs.getString("updated_by")));
            }
            return out;
        }
    }

    private static Optional<Double> optionalDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(v);
    }

    public void save(RuleOverride o) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("INSERT INTO alert_rule_override (station_code, rule_id, "
                     + "enabled, lower_limit, upper_limit, severity, persist_seconds, updated_by) "
                     + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (station_code, rule_id) DO UPDATE SET "
                     + "enabled = EXCLUDED.enabled, lower_limit = EXCLUDED.lower_limit, "
                     + "upper_limit = EXCLUDED.upper_limit, severity = EXCLUDED.severity, "
                     + "persist_seconds = EXCLUDED.persist_seconds, updated_by = EXCLUDED.updated_by, "
                     + "updated_at = now()")) {
            p.setString(1, o.stationCode());
            p.setString(2, o.ruleId());
            if (o.enabled().isPresent()) {
                p.setBoolean(3, o.enabled().get());
            } else {
                p.setNull(3, Types.BOOLEAN);
            }
            setDouble(p, 4, o.lower());
            setDouble(p, 5, o.upper());
            p.setString(6, o.severity().map(Enum::name).orElse(null));
            if (o.persistFor().isPresent()) {
                p.setInt(7, (int) o.persistFor().get().toSeconds());
            } else {
                p.setNull(7, Types.INTEGER);
            }
            p.setString(8, o.updatedBy());
            p.executeUpdate();
        }
    }

    private static void setDouble(PreparedStatement p, int i, Optional<Double> v) throws SQLException {
        if (v.isPresent()) {
            p.setDouble(i, v.get());
        } else {
            p.setNull(i, Types.DOUBLE);
        }
    }

    /** Removes an override; whether there was one. */
    public boolean delete(String stationCode, String ruleId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("DELETE FROM alert_rule_override WHERE station_code = ? "
                     + "AND rule_id = ?")) {
            p.setString(1, stationCode);
            p.setString(2, ruleId);
            return p.executeUpdate() > 0;
        }
    }
}
