package org.quantrac.alerting.lifecycle;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.quantrac.alerting.rules.Severity;

/** Row mapping of {@code alert} and {@code alert_event}, shared by the stores. */
public final class AlertRows {

    public static final String ALERT_COLUMNS = "a.id, a.station_id, a.station_code, a.rule_id, a.parameter_id, a.severity, "
            + "a.state, a.source, a.condition_since, a.opened_at, a.open_value, a.limit_value, a.acknowledged_at, "
            + "a.acknowledged_by, a.ack_comment, a.resolved_at, a.resolved_by, a.resolve_comment";
    public static final String EVENT_COLUMNS = "e.id AS e_id, e.event_id, e.kind, e.state AS e_state, e.time AS e_time, "
            + "e.actor, e.comment, e.value AS e_value";

    private AlertRows() {
    }

    public static Alert alert(ResultSet rs) throws SQLException {
        return new Alert(rs.getLong("id"), rs.getInt("station_id"), rs.getString("station_code"),
                rs.getString("rule_id"), rs.getInt("parameter_id"), Severity.valueOf(rs.getString("severity")),
                AlertState.valueOf(rs.getString("state")), rs.getString("source"),
                instant(rs, "condition_since"), instant(rs, "opened_at"), rs.getDouble("open_value"),
                doubleOrNaN(rs, "limit_value"), Optional.ofNullable(instant(rs, "acknowledged_at")),
                Optional.ofNullable(rs.getString("acknowledged_by")), Optional.ofNullable(rs.getString("ack_comment")),
                Optional.ofNullable(instant(rs, "resolved_at")), Optional.ofNullable(rs.getString("resolved_by")),
                Optional.ofNullable(rs.getString("resolve_comment")));
    }

    /** An event row joined with its alert; the alert's state is the one right after the change. */
    public static AlertEvent event(ResultSet rs) throws SQLException {
        Alert a = alert(rs);
        AlertState after = AlertState.valueOf(rs.getString("e_state"));
        Alert snapshot = new Alert(a.id(), a.stationId(), a.stationCode(), a.ruleId(), a.parameterId(), a.severity(),
                after, a.source(), a.conditionSince(), a.openedAt(), a.openValue(), a.limit(), a.acknowledgedAt(),
                a.acknowledgedBy(), a.ackComment(), a.resolvedAt(), a.resolvedBy(), a.resolveComment());
        return new AlertEvent(rs.getLong("e_id"), rs.getObject("event_id", UUID.class),
                AlertEvent.Kind.valueOf(rs.getString("kind")), snapshot, instant(rs, "e_time"), rs.getString("actor"),
                Optional.ofNullable(rs.getString("comment")), doubleOrNaN(rs, "e_value"));
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    public static double doubleOrNaN(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }

    public static void setTime(PreparedStatement p, int i, Instant t) throws SQLException {
        if (t == null) {
            p.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            p.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
        }
    }

    public static void setDouble(PreparedStatement p, int i, double v) throws SQLException {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            p.setNull(i, Types.DOUBLE);
        } else {
            p.setDouble(i, v);
        }
    }
}
