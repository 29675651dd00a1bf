package org.quantrac.alerting.lifecycle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.quantrac.alerting.rules.Decision;
import org.quantrac.alerting.rules.Evaluator;
import org.quantrac.alerting.rules.RuleKind;
import org.quantrac.alerting.rules.StationRule;

/**
 * Writes the alert lifecycle: the evaluator's decisions together with the consumed offsets (one transaction), and the
 * manual changes of people. Every change is guarded by the alert's current state in the database, so an automatic and
 * a manual resolution racing each other produce exactly one RESOLVED event, and the partial unique index
 * {@code alert_one_open} rejects a second open alert of a (station, rule) whatever the caller believes.
 */
public final class AlertStore {

    /** Told about every new event inside its transaction, e.g. to queue notifications with it. */
    @FunctionalInterface
    public interface EventListener {
        void created(Connection c, AlertEvent event) throws SQLException;
    }

    private static final String SELECT_EVENT = "SELECT " + AlertRows.ALERT_COLUMNS + ", " + AlertRows.EVENT_COLUMNS
            + " FROM alert_event e JOIN alert a ON a.id = e.alert_id";

    private final DataSource dataSource;
    private final EventListener listener;

    public AlertStore(DataSource dataSource, EventListener listener) {
        this.dataSource = dataSource;
        this.listener = listener;
    }

    /**
     * Stores decisions and the offsets they were decided up to, atomically. An OPEN whose (station, rule) already has
     * an open alert adopts it without an event; a RESOLVE whose alert is already resolved does nothing.
     *
     * @param nextOffsets partition -> next offset to decide, for {@code alert_offset}
     * @return the events created, in order
     */
    public List<AlertEvent> apply(List<Decision> decisions, String group, String topic,
                                  Map<Integer, Long> nextOffsets) throws SQLException {
        return apply(decisions, List.of(), group, topic, nextOffsets);
    }

    /** As {@link #apply(List, String, String, Map)}, also storing the instruments' newest calibrations. */
    public List<AlertEvent> apply(List<Decision> decisions, List<Evaluator.Calibration> calibrations, String group,
                                  String topic, Map<Integer, Long> nextOffsets) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<AlertEvent> events = new ArrayList<>();
                for (Decision d : decisions) {
                    Optional<AlertEvent> e = d.type() == Decision.Type.OPEN ? open(c, d) : resolve(c, d);
                    e.ifPresent(events::add);
                }
                storeCalibrations(c, calibrations);
                storeOffsets(c, group, topic, nextOffsets);
                c.commit();
                return events;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void storeCalibrations(Connection c, List<Evaluator.Calibration> calibrations)
            throws SQLException {
        if (calibrations.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alert_calibration (station_id, parameter_id, "
                + "calibrated_at) VALUES (?, ?, ?) ON CONFLICT (station_id, parameter_id) DO UPDATE SET "
                + "calibrated_at = GREATEST(alert_calibration.calibrated_at, EXCLUDED.calibrated_at), "
                + "updated_at = now()")) {
            for (Evaluator.Calibration k : calibrations) {
                p.setInt(1, k.stationId());
                p.setShort(2, (short) k.parameterId());
                AlertRows.setTime(p, 3, k.time());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** The stored last calibration of every watched instrument. */
    public List<Evaluator.Calibration> calibrations() throws SQLException {
        List<Evaluator.Calibration> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT station_id, parameter_id, calibrated_at "
                     + "FROM alert_calibration");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(new Evaluator.Calibration(rs.getInt(1), rs.getShort(2),
                        rs.getObject(3, java.time.OffsetDateTime.class).toInstant()));
            }
        }
        return out;
    }

    private Optional<AlertEvent> open(Connection c, Decision d) throws SQLException {
        StationRule r = d.rule();
        Long id = null;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alert (station_id, station_code, rule_id, "
                + "parameter_id, severity, state, source, condition_since, opened_at, open_value, limit_value) "
                + "VALUES (?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?) "
                + "ON CONFLICT (station_id, rule_id) WHERE state <> 'RESOLVED' DO NOTHING RETURNING id")) {
            p.setInt(1, r.station().id());
            p.setString(2, r.station().code());
            p.setString(3, r.id());
            if (r.parameter() == null) {
                p.setNull(4, java.sql.Types.SMALLINT);
            } else {
                p.setShort(4, (short) r.parameter().id());
            }
            p.setString(5, r.severity().name());
            p.setString(6, r.rule().source());
            AlertRows.setTime(p, 7, d.conditionSince() != null ? d.conditionSince() : d.time());
            AlertRows.setTime(p, 8, d.time());
            AlertRows.setDouble(p, 9, d.value());
            AlertRows.setDouble(p, 10, r.kind() == RuleKind.DEVICE_ERROR ? Double.NaN : d.limit());
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                    id = rs.getLong(1);
                }
            }
        }
        if (id == null) {
            return Optional.empty(); // already open: adopted, no second episode
        }
        return Optional.of(event(c, id, AlertEvent.Kind.OPENED, "OPEN", d.time(), AlertEvent.SYSTEM, null,
                d.value()));
    }

    private Optional<AlertEvent> resolve(Connection c, Decision d) throws SQLException {
        Long id = null;
        try (PreparedStatement p = c.prepareStatement("UPDATE alert SET state = 'RESOLVED', resolved_at = ?, "
                + "resolved_by = ?, resolve_value = ?, updated_at = now() "
                + "WHERE station_id = ? AND rule_id = ? AND state <> 'RESOLVED' RETURNING id")) {
            AlertRows.setTime(p, 1, d.time());
            p.setString(2, AlertEvent.SYSTEM);
            AlertRows.setDouble(p, 3, d.value());
            p.setInt(4, d.rule().station().id());
            p.setString(5, d.rule().id());
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                    id = rs.getLong(1);
                }
            }
        }
        if (id == null) {
            return Optional.empty(); // resolved by a person meanwhile
        }
        return Optional.of(event(c, id, AlertEvent.Kind.RESOLVED, "RESOLVED", d.time(), AlertEvent.SYSTEM, null,
                d.value()));
    }

    /** Acknowledges an open alert; empty when it does not exist or is not OPEN. */
    public Optional<AlertEvent> acknowledge(long alertId, String by, String comment, Instant now)
            throws SQLException {
        return manual(alertId, "UPDATE alert SET state = 'ACKNOWLEDGED', acknowledged_at = ?, acknowledged_by = ?, "
                + "ack_comment = ?, updated_at = now() WHERE id = ? AND state = 'OPEN' RETURNING id",
                AlertEvent.Kind.ACKNOWLEDGED, "ACKNOWLEDGED", by, comment, now);
    }

    /** Resolves an open or acknowledged alert by hand; empty when it does not exist or is already resolved. */
    public Optional<AlertEvent> resolve(long alertId, String by, String comment, Instant now) throws SQLException {
        return manual(alertId, "UPDATE alert SET state = 'RESOLVED', resolved_at = ?, resolved_by = ?, "
                + "resolve_comment = ?, updated_at = now() WHERE id = ? AND state <> 'RESOLVED' RETURNING id",
                AlertEvent.Kind.RESOLVED, "RESOLVED", by, comment, now);
    }

    private Optional<AlertEvent> manual(long alertId, String sql, AlertEvent.Kind kind, String state, String by,
                                        String comment, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean changed;
                try (PreparedStatement p = c.prepareStatement(sql)) {
                    AlertRows.setTime(p, 1, now);
                    p.setString(2, by);
                    p.setString(3, comment);
                    p.setLong(4, alertId);
                    try (ResultSet rs = p.executeQuery()) {
                        changed = rs.next();
                    }
                }
                Optional<AlertEvent> e = changed
                        ? Optional.of(event(c, alertId, kind, state, now, by, comment, Double.NaN)) : Optional.empty();
                c.commit();
                return e;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private AlertEvent event(Connection c, long alertId, AlertEvent.Kind kind, String state, Instant time,
                             String actor, String comment, double value) throws SQLException {
        UUID eventId = UUID.randomUUID();
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alert_event (event_id, alert_id, kind, state, "
                + "time, actor, comment, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setObject(1, eventId);
            p.setLong(2, alertId);
            p.setString(3, kind.name());
            p.setString(4, state);
            AlertRows.setTime(p, 5, time);
            p.setString(6, actor);
            p.setString(7, comment);
            AlertRows.setDouble(p, 8, value);
            p.executeUpdate();
        }
        AlertEvent event;
        try (PreparedStatement p = c.prepareStatement(SELECT_EVENT + " WHERE e.event_id = ?")) {
            p.setObject(1, eventId);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                event = AlertRows.event(rs);
            }
        }
        listener.created(c, event);
        return event;
    }

    private static void storeOffsets(Connection c, String group, String topic, Map<Integer, Long> next)
            throws SQLException {
        if (next.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alert_offset (consumer_group, topic, "
                + "kafka_partition, next_offset) VALUES (?, ?, ?, ?) ON CONFLICT (consumer_group, topic, "
                + "kafka_partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()")) {
            for (Map.Entry<Integer, Long> e : next.entrySet()) {
                p.setString(1, group);
                p.setString(2, topic);
                p.setInt(3, e.getKey());
                p.setLong(4, e.getValue());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** partition -> next offset to decide, as stored with the last decisions. */
    public Map<Integer, Long> storedOffsets(String group, String topic) throws SQLException {
        Map<Integer, Long> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT kafka_partition, next_offset FROM alert_offset "
                     + "WHERE consumer_group = ? AND topic = ?")) {
            p.setString(1, group);
            p.setString(2, topic);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    /** Every open or acknowledged alert. */
    public List<Alert> unresolved() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT " + AlertRows.ALERT_COLUMNS
                     + " FROM alert a WHERE a.state <> 'RESOLVED' ORDER BY a.id")) {
            List<Alert> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(AlertRows.alert(rs));
                }
            }
            return out;
        }
    }

    /** Events not yet on the alerts topic, oldest first. */
    public List<AlertEvent> unpublished(int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement(SELECT_EVENT + " WHERE e.published_at IS NULL ORDER BY e.id "
                     + "LIMIT ?")) {
            p.setInt(1, limit);
            List<AlertEvent> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(AlertRows.event(rs));
                }
            }
            return out;
        }
    }

    public void markPublished(List<Long> eventIds) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("UPDATE alert_event SET published_at = now() WHERE id = ANY (?)")) {
            p.setArray(1, c.createArrayOf("bigint", eventIds.toArray()));
            p.executeUpdate();
        }
    }
}
