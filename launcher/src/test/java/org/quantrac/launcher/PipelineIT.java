package org.quantrac.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.quantrac.connectors.ConnectorsApp;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;
import org.quantrac.processor.ProcessorApp;
import org.quantrac.processor.config.ProcessorConfig;
import org.quantrac.simulator.SimulatorApp;
import org.quantrac.simulator.config.SimulatorConfig;
import org.quantrac.simulator.truth.GroundTruth;
import org.quantrac.simulator.truth.TruthReading;

/**
 * The walking skeleton on real servers: simulator → Mosquitto → connector → Kafka → processor → TimescaleDB for all
 * 140 catalog stations over ten simulated minutes, then the same observations again (as Circular 10/2021 text this
 * time), which must not add a single row.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {

    private static final Duration PERIOD = Duration.ofMinutes(10);

    private final StationCatalog catalog = StationCatalog.builtIn();
    private final String schema = TestServices.unique("it_pipeline");
    private final String readingsTopic = TestServices.unique("it.readings");
    private final String group = TestServices.unique("it-processor");
    private final Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
    private Map<String, String> settings;
    private ProcessorApp processor;
    private ConnectorsApp connectors;
    private GroundTruth firstRun;

    @BeforeAll
    void startPipeline() {
        TestServices.freshSchema(schema);
        Properties credentials = TestServices.mqttCredentials();
        settings = new HashMap<>();
        settings.put("kafka.bootstrapServers", TestServices.kafka());
        settings.put("db.url", TestServices.dbUrl());
        settings.put("db.user", TestServices.dbUser());
        settings.put("db.password", TestServices.dbPassword());
        settings.put("processor.schema", schema);
        settings.put("processor.topic", readingsTopic);
        settings.put("processor.groupId", group);
        settings.put("processor.ops.port", "0");
        settings.put("connectors.mqtt.serverUri", TestServices.mqtt());
        settings.put("connectors.mqtt.password", credentials.getProperty("quantrac-connector"));
        settings.put("connectors.mqtt.clientId", TestServices.unique("it-connector"));
        settings.put("connectors.mqtt.shareGroup", TestServices.unique("it-share"));
        settings.put("connectors.topics.readings", readingsTopic);
        settings.put("connectors.topics.dlq", TestServices.unique("it.dlq"));
        settings.put("connectors.topics.stationEvents", TestServices.unique("it.events"));
        settings.put("connectors.ops.port", "0");
        settings.put("connectors.buffer.dir", Path.of("target", schema + "-buffer").toAbsolutePath().toString());
        // A stopped test connector's session must not keep queueing messages in the shared broker for a day.
        settings.put("connectors.mqtt.sessionExpiry", "60s");
        settings.put("simulator.mqtt.serverUri", TestServices.mqtt());
        settings.put("simulator.credentialsFile", TestServices.mqttCredentialsFile().toString());
        settings.put("simulator.mqtt.clientIdPrefix", TestServices.unique("it-sim"));
        settings.put("simulator.seed", "20211010");
        settings.put("simulator.from", from.toString());
        settings.put("simulator.to", from.plus(PERIOD).toString());

        PrometheusMeterRegistry registry = OpsServer.newRegistry();
        processor = ProcessorApp.start(ProcessorConfig.from(ConfigSource.of(settings)), catalog, registry);
        connectors = ConnectorsApp.start(ConnectorsConfig.from(ConfigSource.of(settings)), catalog,
                OpsServer.newRegistry());
    }

    @AfterAll
    void stopPipeline() {
        if (connectors != null) {
            connectors.close();
        }
        if (processor != null) {
            processor.close();
        }
    }

    private GroundTruth simulate(String protocol) {
        Map<String, String> run = new HashMap<>(settings);
        run.put("simulator.protocol", protocol);
        run.put("simulator.keepReadings", "true");
        return SimulatorApp.run(SimulatorConfig.from(ConfigSource.of(run)), catalog);
    }

    @Test
    @Order(1)
    void everyReadingOfEveryStationIsStoredOnceWithItsValue() throws SQLException {
        firstRun = simulate("mqtt");
        assertThat(firstRun.observationsFailed()).isZero();
        assertThat(firstRun.stations()).hasSize(140);
        long expected = firstRun.readingsSent();
        // 24 air stations at 1 min with 12-15 parameters alone send more than 2,800 readings in 10 minutes
        assertThat(expected).isGreaterThan(5_000);

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> countRows() >= expected);
        assertThat(countRows()).isEqualTo(expected);
        assertStoredEqualsTruth(firstRun.readings());
    }

    @Test
    @Order(2)
    void replayingTheSameObservationsAddsNothing() throws Exception {
        long before = countRows();
        long producedBefore = endOffsets(readingsTopic);
        GroundTruth replay = simulate("tt10");
        assertThat(replay.readingsSent()).isEqualTo(firstRun.readingsSent());

        // The simulator returns once the broker has its messages; the connector produces them after that, one record
        // per observation. (Reading the end offsets right away once raced the connector: 648 read, 1296 in the end.)
        long produced = producedBefore + replay.observationsSent();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> endOffsets(readingsTopic) >= produced);
        // Every replayed record has been consumed and its batch committed once the stored offsets reach the end.
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> storedOffsets() >= produced);
        assertThat(endOffsets(readingsTopic)).isEqualTo(produced);
        assertThat(storedOffsets()).isEqualTo(produced);
        assertThat(countRows()).isEqualTo(before);
        assertStoredEqualsTruth(replay.readings());
    }

    private void assertStoredEqualsTruth(List<TruthReading> truth) throws SQLException {
        Map<String, Double> stored = new HashMap<>();
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT station_id, parameter_id, time, value FROM " + schema + ".reading")) {
            while (rs.next()) {
                String key = rs.getInt(1) + "/" + rs.getInt(2) + "/" + rs.getTimestamp(3).toInstant();
                assertThat(stored.put(key, rs.getDouble(4))).as("duplicate row %s", key).isNull();
            }
        }
        Map<String, Double> sent = truth.stream().collect(Collectors.toMap(
                t -> t.stationId() + "/" + t.parameterId() + "/" + t.time(), TruthReading::value));
        assertThat(stored).containsExactlyInAnyOrderEntriesOf(sent);
    }

    private long countRows() throws SQLException {
        return single("SELECT count(*) FROM " + schema + ".reading");
    }

    private long storedOffsets() throws SQLException {
        return single("SELECT coalesce(sum(next_offset), 0) FROM " + schema + ".ingest_offset WHERE consumer_group = '"
                + group + "'");
    }

    private long single(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(TestServices.dbUrl(), TestServices.dbUser(), TestServices.dbPassword());
    }

    private static long endOffsets(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.kafka());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
