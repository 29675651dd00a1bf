package org.quantrac.launcher;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.quantrac.alerting.AlertingApp;
import org.quantrac.alerting.config.AlertingConfig;
import org.quantrac.connectors.ConnectorsApp;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.portal.PortalApp;
import org.quantrac.portal.auth.PasswordHasher;
import org.quantrac.portal.config.PortalConfig;
import org.quantrac.processor.ProcessorApp;
import org.quantrac.processor.config.ProcessorConfig;
import org.quantrac.simulator.SimulatorApp;
import org.quantrac.simulator.config.SimulatorConfig;
import org.quantrac.simulator.truth.GroundTruth;

/**
 * The demo's roles in this process — connectors, processor, alerting, portal — and the 140-station simulator: first
 * the last hours as history (backfill), then live. The same for the embedded servers and for the real services; the
 * caller gives the configuration keys that point at them. {@link #close} stops everything in data-flow order.
 */
final class DemoPipeline implements AutoCloseable {

    static final String SCHEMA = "demo";

    private final Map<String, String> settings;
    private ConnectorsApp connectors;
    private ProcessorApp processor;
    private AlertingApp alerting;
    private PortalApp portal;
    private SimulatorApp live;
    private GroundTruth history;
    private Instant historyFrom;
    private Instant historyTo;
    private final String apiToken = newToken();
    private final String technicianPassword = newToken().substring(0, 12);
    private boolean closed;

    private DemoPipeline(Map<String, String> settings) {
        this.settings = settings;
    }

    /**
     * @param services     keys pointing at Kafka, the MQTT broker and the database
     * @param overrides    keys that win over the demo's own (ports, in tests)
     * @param historyHours hours of history published before going live
     * @param newKafka     Kafka is new (embedded) while the database may hold an earlier run's demo schema
     * @param progress     one line per step
     */
    static DemoPipeline start(Map<String, String> services, Map<String, String> overrides, int historyHours, long seed,
                              boolean newKafka, StationCatalog catalog, Consumer<String> progress) {
        Map<String, String> s = new HashMap<>(services);
        // The demo's tables live in their own schema, so it never mixes with a role run on the same database, and
        // DROP SCHEMA demo CASCADE starts it over.
        String url = s.get("db.url");
        s.put("db.url", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA + ",public");
        s.put("processor.schema", SCHEMA);
        s.put("alerting.schema", SCHEMA);
        s.put("connectors.ops.port", "9102");
        s.put("processor.ops.port", "9403");
        s.put("connectors.mqtt.clientId", "quantrac-demo-connector");
        // A demo restarted within the hour resumes its session; a production connector keeps a day. On a shared
        // development broker a stopped demo's day-long session queued every later bench's and test's readings
        // (hundreds of MB in mosquitto.db, second-long stalls at each autosave).
        s.put("connectors.mqtt.sessionExpiry", "1h");
        // One connector: a plain subscription survives a broker restart (see docs/connectors.md).
        s.put("connectors.mqtt.shareGroup", "none");
        s.put("simulator.mqtt.clientIdPrefix", "quantrac-demo-sim");
        s.put("simulator.seed", Long.toString(seed));
        // Stations that the catalog puts on OPC UA or FTP files publish over MQTT here (JSON or TT10 text).
        s.put("simulator.protocol", "mqtt");
        s.putAll(overrides);
        DemoPipeline p = new DemoPipeline(s);
        try {
            if (newKafka) {
                p.forgetKafkaOffsets();
            }
            p.startRoles(catalog, progress);
            p.backfill(historyHours, catalog, progress);
            p.goLive(catalog);
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /**
     * The processor and alerting resume from the Kafka offsets stored in the database (ADR 2). Offsets of an earlier
     * demo's Kafka mean nothing to a new one: resuming at them would skip the new run's first records.
     */
    private void forgetKafkaOffsets() {
        try (Connection c = DriverManager.getConnection(settings.get("db.url"), settings.get("db.user"),
                settings.get("db.password")); java.sql.Statement st = c.createStatement()) {
            for (String table : new String[] {"ingest_offset", "alert_offset"}) {
                try (ResultSet rs = st.executeQuery("SELECT to_regclass('" + SCHEMA + "." + table + "') IS NOT NULL")) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        continue;
                    }
                }
                st.executeUpdate("DELETE FROM " + SCHEMA + "." + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset the demo's Kafka offsets in " + settings.get("db.url") + ": "
                    + e.getMessage(), e);
        }
    }

    private void startRoles(StationCatalog catalog, Consumer<String> progress) {
        long t = System.nanoTime();
        // Connectors first: they create the Kafka topics that the processor and alerting subscribe to.
        connectors = ConnectorsApp.start(ConnectorsConfig.from(ConfigSource.of(settings)), catalog,
                OpsServer.newRegistry());
        progress.accept("station connectors" + since(t));
        t = System.nanoTime();
        processor = ProcessorApp.start(ProcessorConfig.from(ConfigSource.of(settings)), catalog,
                OpsServer.newRegistry());
        progress.accept("stream processor (database migrated)" + since(t));
        t = System.nanoTime();
        settings.put("alerting.api.token", apiToken);
        alerting = AlertingApp.start(AlertingConfig.from(ConfigSource.of(settings)), catalog, OpsServer.newRegistry());
        progress.accept("alerting" + since(t));
        t = System.nanoTime();
        settings.put("portal.alerting.url", "http://127.0.0.1:" + alerting.apiPort().orElse(9405));
        settings.put("portal.alerting.token", apiToken);
        settings.put("portal.auth.users", "technician:TECHNICIAN:"
                + PasswordHasher.hash(technicianPassword.toCharArray()));
        portal = PortalApp.start(PortalConfig.from(ConfigSource.of(settings)), catalog, OpsServer.newRegistry());
        progress.accept("portal on port " + portal.port() + since(t));
    }

    private void backfill(int historyHours, StationCatalog catalog, Consumer<String> progress) {
        historyTo = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        historyFrom = historyTo.minus(Duration.ofHours(historyHours));
        long t = System.nanoTime();
        Map<String, String> b = new HashMap<>(settings);
        b.put("simulator.from", historyFrom.toString());
        b.put("simulator.to", historyTo.toString());
        b.put("simulator.keepReadings", "false"); // the demo needs counts, not every reading in memory
        history = SimulatorApp.run(SimulatorConfig.from(ConfigSource.of(b)), catalog);
        progress.accept(String.format("%,d readings of %d hours published for %d stations (%d failed)%s",
                history.readingsSent(), historyHours, catalog.size(), history.observationsFailed(), since(t)));
    }

    private void goLive(StationCatalog catalog) {
        Map<String, String> l = new HashMap<>(settings);
        // From the end of the history: the minutes the backfill took are replayed at 60x, then real time.
        l.put("simulator.mode", "accelerated");
        l.put("simulator.speed", "60");
        l.put("simulator.capAtNow", "true");
        l.put("simulator.from", historyTo.toString());
        l.put("simulator.mqtt.clientIdPrefix", settings.get("simulator.mqtt.clientIdPrefix") + "-live");
        live = SimulatorApp.start(SimulatorConfig.from(ConfigSource.of(l)), catalog);
    }

    private static String since(long startNanos) {
        return String.format(" (%.1f s)", (System.nanoTime() - startNanos) / 1e9);
    }

    private static String newToken() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    int portalPort() {
        return portal.port();
    }

    int alertingApiPort() {
        return alerting.apiPort().orElse(-1);
    }

    int connectorsOpsPort() {
        return connectors.opsPort();
    }

    int processorOpsPort() {
        return processor.opsPort();
    }

    String apiToken() {
        return apiToken;
    }

    String technicianPassword() {
        return technicianPassword;
    }

    GroundTruth history() {
        return history;
    }

    Instant historyFrom() {
        return historyFrom;
    }

    Instant historyTo() {
        return historyTo;
    }

    long liveReadingsSent() {
        return live.truth().readingsSent();
    }

    /** Readings stored in [from, to), or -1 when the database cannot say. */
    long storedReadings(Instant from, Instant to) {
        try (Connection c = DriverManager.getConnection(settings.get("db.url"), settings.get("db.user"),
                settings.get("db.password"));
             PreparedStatement st = c.prepareStatement("SELECT count(*) FROM " + SCHEMA
                     + ".reading WHERE time >= ? AND time < ?")) {
            st.setObject(1, java.sql.Timestamp.from(from));
            st.setObject(2, java.sql.Timestamp.from(to));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Stops the sources first and the sink last, so nothing in flight is cut off; may be called more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable c : new AutoCloseable[] {live, connectors, portal, alerting, processor}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    org.slf4j.LoggerFactory.getLogger(DemoPipeline.class).warn("stopping {}: {}",
                            c.getClass().getSimpleName(), e.getMessage());
                }
            }
        }
    }
}
