package org.quantrac.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.quantrac.alerting.AlertingApp;
import org.quantrac.alerting.config.AlertingConfig;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.simulator.signal.Measurement;
import org.quantrac.simulator.signal.SignalModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerting in the pipeline benchmark: its own consumer group on the bench topic, its own schema, and one rule that
 * the synthetic stations cross many times a minute (PM2.5 above a limit on a single reading; the limit is set per run,
 * see {@link #limit}), so {@code alert_latency_ms_p99} is measured on real openings.
 * The latency is taken from the database: {@code alert_event.created_at} (the storing transaction) minus
 * {@code alert.opened_at} (the measurement time of the reading that opened it), over the OPENED events of the
 * steady window (the middle 80 % of the openings' storing times, like the pipeline's own latency).
 */
final class BenchAlerts {

    private static final Logger LOG = LoggerFactory.getLogger(BenchAlerts.class);
    /** Share of the synthetic PM2.5 readings above the bench rule's limit. */
    static final double ABOVE_SHARE = 0.04;
    private static final String PM25 = "PM2,5";

    private BenchAlerts() {
    }

    static String rules(double limit) {
        return """
                version: 1
                ruleSets:
                  - id: bench
                    source: "Quantrac pipeline benchmark"
                    effectiveFrom: 2020-01-01
                    appliesTo: {kinds: [AMBIENT_AIR]}
                    rules:
                      - {id: bench.PM25, parameter: "PM2,5", max: %s, severity: INFO}
                """.formatted(limit);
    }

    /**
     * The bench rule's PM2.5 limit for a run: the value that {@value #ABOVE_SHARE} of the stations' PM2.5 readings of
     * the ten seconds from {@code from} exceed, rounded to 0.1 µg/m³ (about 700 openings a minute at 1,400 stations).
     * A fixed limit does not work: the synthetic PM2.5 follows the local hour and the season, and 40 µg/m³ was crossed
     * about 2,700 times a minute at 1,400 stations at night, 200–380 times around 13:00 local, and in June for half
     * the day not at all. Without PM2.5 readings (no stations) it is 40.
     */
    static double limit(List<Station> stations, SignalModel model, Instant from) {
        List<Double> values = new ArrayList<>();
        for (Station station : stations) {
            for (int i = 0; i < 10; i++) {
                for (Measurement m : model.observe(station, from.plusSeconds(i)).values()) {
                    if (m.parameter().symbol().equals(PM25)) {
                        values.add(m.value());
                    }
                }
            }
        }
        if (values.isEmpty()) {
            return 40;
        }
        Collections.sort(values);
        double v = values.get((int) Math.min(values.size() - 1, Math.floor(values.size() * (1 - ABOVE_SHARE))));
        return Math.round(v * 10) / 10.0;
    }

    /** Starts alerting on the bench topic in schema {@code <schema>_alerts}, with the bench rule at {@code limit}. */
    static AlertingApp start(Map<String, String> services, StationCatalog catalog, String run, String topic,
                             String schema, double limit) throws IOException, SQLException {
        Path rules = Files.createTempFile("quantrac-bench-rules-" + run, ".yaml");
        Files.writeString(rules, rules(limit));
        rules.toFile().deleteOnExit();
        try (Connection c = connect(services); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema + "_alerts");
        }
        LOG.info("bench pipeline: alerting rule PM2.5 > {} µg/m³ (exceeded by {} % of the first readings)", limit,
                Math.round(ABOVE_SHARE * 100));
        Map<String, String> a = new HashMap<>(services);
        a.put("alerting.topic", topic);
        a.put("alerting.alertsTopic", "bench.alerts." + run);
        a.put("alerting.groupId", "bench-alerting-" + run);
        a.put("alerting.schema", schema + "_alerts");
        a.put("alerting.rules.file", rules.toString());
        a.put("alerting.ops.port", "0");
        a.put("alerting.api.enabled", "false");
        return AlertingApp.start(AlertingConfig.from(ConfigSource.of(a)), catalog, OpsServer.newRegistry());
    }

    /**
     * Waits until alerting has judged every produced record, then returns {openings, p99 ms}; NaN p99 when no
     * alert opened.
     */
    static double[] measure(Map<String, String> services, String schema, long produced, Instant measuredFrom,
                            Duration timeout)
            throws SQLException, InterruptedException {
        String s = schema + "_alerts";
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = connect(services); Statement st = c.createStatement();
             PreparedStatement openings = c.prepareStatement("WITH o AS (SELECT e.created_at AS stored, "
                     + "a.opened_at FROM " + s + ".alert_event e JOIN " + s + ".alert a ON a.id = e.alert_id "
                     + "WHERE e.kind = 'OPENED' AND a.opened_at >= ?), "
                     + "w AS (SELECT min(stored) + (max(stored) - min(stored)) * 0.1 AS lo, "
                     + "min(stored) + (max(stored) - min(stored)) * 0.9 AS hi FROM o) "
                     + "SELECT (SELECT count(*) FROM o), percentile_cont(0.99) WITHIN GROUP (ORDER BY "
                     + "extract(epoch FROM o.stored - o.opened_at)) FROM o, w WHERE o.stored BETWEEN w.lo AND w.hi")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery("SELECT coalesce(sum(next_offset), 0) FROM " + s
                        + ".alert_offset")) {
                    rs.next();
                    if (rs.getLong(1) >= produced) {
                        break;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
            // Steady window, as for the pipeline's latency: openings of the measured period (not a warm-up) stored
            // in the middle 80 % of them, so connection set-up (the first seconds' backlog) and the drain tail do
            // not count.
            openings.setTimestamp(1, java.sql.Timestamp.from(measuredFrom));
            try (ResultSet rs = openings.executeQuery()) {
                rs.next();
                long opened = rs.getLong(1);
                double p99 = rs.getDouble(2);
                return new double[] {opened, rs.wasNull() ? Double.NaN : p99 * 1000};
            }
        }
    }

    static void drop(Map<String, String> services, String schema) {
        try (Connection c = connect(services); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + "_alerts CASCADE");
        } catch (SQLException e) {
            LOG.warn("bench pipeline: could not drop schema {}_alerts: {}", schema, e.getMessage());
        }
    }

    private static Connection connect(Map<String, String> db) throws SQLException {
        return DriverManager.getConnection(db.get("db.url"), db.get("db.user"), db.get("db.password"));
    }
}
