package org.quantrac.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quantrac.connectors.ConnectorsApp;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.LocalServices;
import org.quantrac.core.testing.TestServices;
import org.quantrac.launcher.bench.ConnectorSession;
import org.quantrac.processor.ProcessorApp;
import org.quantrac.processor.config.ProcessorConfig;
import org.quantrac.simulator.SimulatorApp;
import org.quantrac.simulator.config.SimulatorConfig;
import org.quantrac.simulator.truth.GroundTruth;
import org.quantrac.simulator.truth.TruthReading;

/**
 * The real Kafka broker stopped for 60 s and the real Mosquitto restarted while stations keep publishing: every reading
 * sent ends up stored exactly once. The services are stopped and started with {@code scripts/services.sh}, so this
 * test runs only where that script manages them (as in {@code ./quantrac test}); it restores them in any case.
 */
class OutageIT {

    private static final Duration STEP = Duration.ofMinutes(10);

    private final StationCatalog catalog = StationCatalog.builtIn();
    private final String schema = TestServices.unique("it_outage");
    private final String topic = TestServices.unique("it.outage.readings");

    @Test
    void aKafkaOutageAndAnMqttBrokerRestartMidStreamLoseAndDoubleNothing() throws Exception {
        // Testcontainers' throwaway servers are not services.sh's to stop and start.
        assumeTrue(System.getenv("QUANTRAC_TEST_KAFKA") != null,
                "needs the services of `./quantrac services up` (QUANTRAC_TEST_* set): it stops and starts them");
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
        Map<String, String> s = settings();
        TestServices.freshSchema(schema);
        ProcessorApp processor = ProcessorApp.start(ProcessorConfig.from(ConfigSource.of(s)), catalog,
                OpsServer.newRegistry());
        ConnectorsApp connectors = ConnectorsApp.start(ConnectorsConfig.from(ConfigSource.of(s)), catalog,
                OpsServer.newRegistry());
        try {
            GroundTruth before = simulate(s, start, "a");

            LocalServices.run("down", "kafka");
            long outageStart = System.nanoTime();
            // Stations keep publishing while Kafka is away: the connector must take it into its disk buffer.
            GroundTruth during = simulate(s, start.plus(STEP), "b");
            long left = Duration.ofSeconds(60).toNanos() - (System.nanoTime() - outageStart);
            if (left > 0) {
                TimeUnit.NANOSECONDS.sleep(left); // the outage lasts its 60 s, whatever the publishing took
            }
            LocalServices.run("up", "kafka");

            LocalServices.run("down", "mqtt");
            LocalServices.run("up", "mqtt");
            GroundTruth after = simulate(s, start.plus(STEP.multipliedBy(2)), "c");

            long expected = before.readingsSent() + during.readingsSent() + after.readingsSent();
            assertThat(before.observationsFailed() + during.observationsFailed() + after.observationsFailed())
                    .isZero();
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> count() >= expected);
            Map<String, Double> sent = new HashMap<>();
            for (GroundTruth t : List.of(before, during, after)) {
                sent.putAll(t.readings().stream().collect(Collectors.toMap(
                        r -> r.stationId() + "/" + r.parameterId() + "/" + r.time(), TruthReading::value)));
            }
            assertThat(sent).hasSize((int) expected);
            assertThat(stored()).containsExactlyInAnyOrderEntriesOf(sent);
        } finally {
            LocalServices.run("up", "kafka,mqtt");
            connectors.close();
            processor.close();
            // The broker restart above cost the session its expiry (Mosquitto 2.0.11): end it, or it queues every
            // later test's and benchmark's publishes for a day.
            ConnectorSession.end(s);
        }
    }

    private Map<String, String> settings() {
        Properties credentials = TestServices.mqttCredentials();
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrapServers", TestServices.kafka());
        s.put("db.url", TestServices.dbUrl());
        s.put("db.user", TestServices.dbUser());
        s.put("db.password", TestServices.dbPassword());
        s.put("processor.schema", schema);
        s.put("processor.topic", topic);
        s.put("processor.groupId", TestServices.unique("it-outage-processor"));
        s.put("processor.ops.port", "0");
        s.put("processor.rollup.enabled", "false");
        s.put("connectors.mqtt.serverUri", TestServices.mqtt());
        s.put("connectors.mqtt.password", credentials.getProperty("quantrac-connector"));
        s.put("connectors.mqtt.clientId", TestServices.unique("it-outage-connector"));
        // One replica, no shared subscription: Mosquitto 2.0.11 forgets shared subscriptions when it restarts
        // (StationTopic.NO_SHARING), a plain one is restored with the session and queues what arrives meanwhile.
        s.put("connectors.mqtt.shareGroup", "none");
        s.put("connectors.mqtt.sessionExpiry", "10m");
        s.put("connectors.topics.readings", topic);
        s.put("connectors.topics.dlq", TestServices.unique("it.outage.dlq"));
        s.put("connectors.topics.stationEvents", TestServices.unique("it.outage.events"));
        s.put("connectors.ops.port", "0");
        // A refused send must reach the disk buffer well inside the outage.
        s.put("connectors.kafka.deliveryTimeout", "5s");
        s.put("connectors.kafka.maxBlock", "2s");
        s.put("connectors.buffer.dir", Path.of("target", schema + "-buffer").toAbsolutePath().toString());
        s.put("simulator.mqtt.serverUri", TestServices.mqtt());
        s.put("simulator.credentialsFile", TestServices.mqttCredentialsFile().toString());
        s.put("simulator.seed", "7");
        s.put("simulator.protocol", "mqtt");
        s.put("simulator.keepReadings", "true");
        s.put("simulator.stations", "QN-AQ-01,QN-AQ-02,QN-ST-01,QN-SW-01,QN-WW-01");
        return s;
    }

    private GroundTruth simulate(Map<String, String> settings, Instant from, String part) {
        Map<String, String> run = new HashMap<>(settings);
        run.put("simulator.from", from.toString());
        run.put("simulator.to", from.plus(STEP).toString());
        run.put("simulator.mqtt.clientIdPrefix", TestServices.unique("it-outage-sim-" + part));
        return SimulatorApp.run(SimulatorConfig.from(ConfigSource.of(run)), catalog);
    }

    private long count() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + schema + ".reading")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Map<String, Double> stored() throws SQLException {
        Map<String, Double> rows = new HashMap<>();
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT station_id, parameter_id, time, value FROM " + schema + ".reading")) {
            while (rs.next()) {
                String key = rs.getInt(1) + "/" + rs.getInt(2) + "/" + rs.getTimestamp(3).toInstant();
                assertThat(rows.put(key, rs.getDouble(4))).as("duplicate row %s", key).isNull();
            }
        }
        return rows;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(TestServices.dbUrl(), TestServices.dbUser(), TestServices.dbPassword());
    }
}
