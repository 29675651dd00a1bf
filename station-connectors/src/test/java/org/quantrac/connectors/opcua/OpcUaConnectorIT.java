package org.quantrac.connectors.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quantrac.connectors.ConnectorsApp;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.connectors.testing.ConnectorFixture;
import org.quantrac.connectors.testing.TestOpcUaServer;
import org.quantrac.connectors.testing.TopicReader;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.record.v1.DeadLetter;
import org.quantrac.core.record.v1.Measurement;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.record.v1.Source;
import org.quantrac.core.record.v1.StationEvent;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;

/**
 * A stack station's OPC UA server (in-process Milo, with history) publishes values; the server restarts; the values it
 * recorded meanwhile are read from its history and nothing is lost after.
 */
class OpcUaConnectorIT {

    static final List<String> VARIABLES = List.of("Dust", "SO2", "NOx");

    @TempDir
    Path dir;

    final ConnectorFixture fixture = new ConnectorFixture();
    final Instant t1 = Instant.now().truncatedTo(ChronoUnit.SECONDS)
            .minus(ThreadLocalRandom.current().nextInt(600, 5000), ChronoUnit.MINUTES)
            .plusMillis(ThreadLocalRandom.current().nextInt(1, 1000));

    ConnectorsConfig config(String endpoint) throws Exception {
        Path mapping = dir.resolve("opcua.yaml");
        Files.writeString(mapping, "stations:\n"
                + "  - station: QN-ST-01\n"
                + "    endpoint: " + endpoint + "\n"
                + "    samplingIntervalMs: 100\n"
                + "    nodes:\n"
                + "      - {node: \"" + TestOpcUaServer.nodeId("Dust") + "\", parameter: Dust}\n"
                + "      - {node: \"" + TestOpcUaServer.nodeId("SO2") + "\", parameter: SO2, unit: ppm}\n"
                + "      - {node: \"" + TestOpcUaServer.nodeId("NOx") + "\", parameter: NOx}\n",
                StandardCharsets.UTF_8);
        Map<String, String> keys = fixture.keys();
        keys.put("connectors.mqtt.enabled", "false");
        keys.put("connectors.opcua.enabled", "true");
        keys.put("connectors.opcua.mappingFile", mapping.toString());
        keys.put("connectors.opcua.startWait", "30s");
        ConfigSource source = ConfigSource.of(keys);
        ConnectorsConfig c = ConnectorsConfig.from(source);
        source.failOnUnknownKeys();
        return c;
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** parameter id → value of every QN-ST-01 measurement at this time, over however many observations. */
    static Map<Integer, Double> valuesAt(TopicReader readings, Instant t) {
        Map<Integer, Double> values = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : readings.poll()) {
            Observation o = parse(r);
            if (o.getStationId() == 25 && o.getTimeMs() == t.toEpochMilli()) {
                assertThat(o.getSource()).isEqualTo(Source.OPCUA);
                for (Measurement m : o.getMeasurementsList()) {
                    values.put(m.getParameterId(), m.getValue());
                }
            }
        }
        return values;
    }

    static Observation parse(ConsumerRecord<String, byte[]> r) {
        try {
            return Observation.parseFrom(r.value());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void publishedValuesBecomeObservationsAndTheSubscriptionComesBackAfterAServerRestart() throws Exception {
        int port = freePort();
        TestOpcUaServer server = new TestOpcUaServer(port, VARIABLES);
        try (ConnectorsApp app = ConnectorsApp.start(config(server.endpoint()), StationCatalog.builtIn(),
                OpsServer.newRegistry());
             TopicReader readings = new TopicReader(TestServices.kafka(), fixture.readings);
             TopicReader dlq = new TopicReader(TestServices.kafka(), fixture.dlq);
             TopicReader events = new TopicReader(TestServices.kafka(), fixture.events)) {
            assertThat(app.ready()).isTrue();
            server.set("Dust", 12.5, t1);
            server.set("SO2", 10.0, t1);
            server.set("NOx", 40.0, t1);
            await().atMost(Duration.ofSeconds(30)).until(() -> valuesAt(readings, t1).size() == 3);
            Map<Integer, Double> first = valuesAt(readings, t1);
            assertThat(first.get(30)).isEqualTo(12.5);
            assertThat(first.get(31)).isCloseTo(10 * 64.066 / 24.45, Offset.offset(1e-9));
            assertThat(first.get(32)).isEqualTo(40.0);

            // One bad node does not drop the others.
            Instant t2 = t1.plusSeconds(60);
            server.set("Dust", 13.0, t2);
            server.setBad("NOx", t2);
            await().atMost(Duration.ofSeconds(30)).until(() -> valuesAt(readings, t2).size() == 1
                    && badNox(dlq).size() == 1);
            assertThat(valuesAt(readings, t2)).containsExactly(Map.entry(30, 13.0));
            assertThat(badNox(dlq).get(0).getDetail()).contains("Bad").contains(TestOpcUaServer.nodeId("NOx"));

            // The server restarts: the connector reconnects and subscribes again by itself.
            server.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> !app.ready());
            // While the connector is away, the station records two SO2 values; the subscription alone would only
            // bring the latest one, the history read after re-subscribing brings both.
            Instant gapA = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusSeconds(60);
            Instant gapB = gapA.plusSeconds(30);
            server = new TestOpcUaServer(port, VARIABLES, s -> {
                s.set("SO2", 2.0, gapA);
                s.set("SO2", 3.0, gapB);
            });
            await().atMost(Duration.ofSeconds(60)).until(app::ready);
            await().atMost(Duration.ofSeconds(60)).until(() -> valuesAt(readings, gapA).size() == 1
                    && valuesAt(readings, gapB).size() == 1);
            assertThat(valuesAt(readings, gapA).get(31)).isCloseTo(2 * 64.066 / 24.45, Offset.offset(1e-9));
            assertThat(valuesAt(readings, gapB).get(31)).isCloseTo(3 * 64.066 / 24.45, Offset.offset(1e-9));
            Instant t3 = t1.plusSeconds(120);
            TestOpcUaServer restarted = server;
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                // Until the subscription is back, a change has no one to go to: set it again each round.
                restarted.set("SO2", 1.0, t3);
                return valuesAt(readings, t3).size() == 1;
            });
            assertThat(valuesAt(readings, t3).get(31)).isCloseTo(64.066 / 24.45, Offset.offset(1e-9));

            List<StationEvent.Kind> kinds = events.poll().stream().map(r -> {
                try {
                    return StationEvent.parseFrom(r.value());
                } catch (InvalidProtocolBufferException e) {
                    throw new AssertionError(e);
                }
            }).filter(e -> e.getStationCode().equals("QN-ST-01") && e.getKind() != StationEvent.Kind.HEALTH)
                    .map(StationEvent::getKind)
                    .collect(Collectors.toList());
            assertThat(kinds).containsExactly(StationEvent.Kind.CONNECTED, StationEvent.Kind.DISCONNECTED,
                    StationEvent.Kind.CONNECTED);
        } finally {
            server.close();
        }
    }

    @Test
    void browseListsTheVariablesWithTheirStableNodeIdsAndTypes() throws Exception {
        try (TestOpcUaServer server = new TestOpcUaServer(freePort(), VARIABLES)) {
            List<String> lines = OpcUaBrowser.browse(server.endpoint(), 4);
            assertThat(lines).containsSubsequence("Station/",
                    "  Dust  " + TestOpcUaServer.nodeId("Dust") + "  [Double]",
                    "  SO2  " + TestOpcUaServer.nodeId("SO2") + "  [Double]",
                    "  NOx  " + TestOpcUaServer.nodeId("NOx") + "  [Double]");
            assertThat(lines).noneMatch(l -> l.startsWith("Server"));
        }
    }

    private static List<DeadLetter> badNox(TopicReader dlq) {
        return dlq.poll().stream().map(r -> {
            try {
                return DeadLetter.parseFrom(r.value());
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }).filter(l -> l.getReason().equals("NOT_A_NUMBER") && l.getStationCode().equals("QN-ST-01"))
                .collect(Collectors.toList());
    }
}
