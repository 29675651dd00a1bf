package org.quantrac.alerting.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.quantrac.alerting.lifecycle.AlertEvent;
import org.quantrac.alerting.lifecycle.AlertRows;
import org.quantrac.alerting.lifecycle.AlertStore;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;

/**
 * The notification outbox ({@code alert_notification}): a row per (event, subscription) is written in the event's own
 * transaction, so a change is never stored without its notifications nor notified without being stored.
 */
public final class NotificationStore implements AlertStore.EventListener {

    /** A notification waiting to be sent. */
    public record Pending(long id, String subscription, String stationCode, int attempts, AlertEvent event) {
    }

    private final DataSource dataSource;
    private final StationCatalog catalog;
    private final Subscriptions subscriptions;

    public NotificationStore(DataSource dataSource, StationCatalog catalog, Subscriptions subscriptions) {
        this.dataSource = dataSource;
        this.catalog = catalog;
        this.subscriptions = subscriptions;
    }

    @Override
    public void created(Connection c, AlertEvent event) throws SQLException {
        Station station = catalog.byCode(event.alert().stationCode()).orElse(null);
        if (station == null) {
            return;
        }
        List<Subscription> wanted = subscriptions.matching(event, station);
        if (wanted.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alert_notification (event_id, subscription, "
                + "station_code, state) VALUES (?, ?, ?, 'PENDING') ON CONFLICT (event_id, subscription) DO NOTHING")) {
            for (Subscription s : wanted) {
                p.setObject(1, event.eventId());
                p.setString(2, s.name());
                p.setString(3, station.code());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** Pending notifications due now, oldest first. */
    public List<Pending> due(Instant now, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT n.id AS n_id, n.subscription, n.station_code AS "
                     + "n_station, n.attempts, " + AlertRows.ALERT_COLUMNS + ", " + AlertRows.EVENT_COLUMNS
                     + " FROM alert_notification n JOIN alert_event e ON e.event_id = n.event_id "
                     + "JOIN alert a ON a.id = e.alert_id "
                     + "WHERE n.state = 'PENDING' AND n.next_attempt_at <= ? ORDER BY n.id LIMIT ?")) {
            AlertRows.setTime(p, 1, now);
            p.setInt(2, limit);
            List<Pending> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new Pending(rs.getLong("n_id"), rs.getString("subscription"), rs.getString("n_station"),
                            rs.getInt("attempts"), AlertRows.event(rs)));
                }
            }
            return out;
        }
    }

    /** When the subscription was last sent a message about the station. */
    public Optional<Instant> lastSent(String subscription, String stationCode) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT max(sent_at) AS last FROM alert_notification "
                     + "WHERE subscription = ? AND station_code = ? AND state = 'SENT'")) {
            p.setString(1, subscription);
            p.setString(2, stationCode);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return Optional.ofNullable(AlertRows.instant(rs, "last"));
            }
        }
    }

    public void postpone(List<Long> ids, Instant until) throws SQLException {
        update("UPDATE alert_notification SET next_attempt_at = ? WHERE id = ANY (?)", ids, until, null);
    }

    public void sent(List<Long> ids, String deliveryKey, Instant now) throws SQLException {
        update("UPDATE alert_notification SET state = 'SENT', sent_at = ?, attempts = attempts + 1, "
                + "delivery_key = ?, last_error = NULL WHERE id = ANY (?)", ids, now, deliveryKey);
    }

    public void retry(List<Long> ids, Instant next, String error) throws SQLException {
        update("UPDATE alert_notification SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? "
                + "WHERE id = ANY (?)", ids, next, error);
    }

    public void failed(List<Long> ids, String error) throws SQLException {
        update("UPDATE alert_notification SET state = 'FAILED', attempts = attempts + 1, next_attempt_at = ?, "
                + "last_error = ? WHERE id = ANY (?)", ids, Instant.now(), error);
    }

    private void update(String sql, List<Long> ids, Instant time, String text) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            int i = 1;
            AlertRows.setTime(p, i++, time);
            if (text != null || sql.contains("delivery_key = ?") || sql.contains("last_error = ?")) {
                p.setString(i++, text);
            }
            p.setArray(i, c.createArrayOf("bigint", ids.toArray()));
            p.executeUpdate();
        }
    }
}
