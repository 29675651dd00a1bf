package org.quantrac.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quantrac.connectors.testing.ConnectorFixture;
import org.quantrac.connectors.testing.MqttSessions;
import org.quantrac.connectors.testing.ConnectorProcess;
import org.quantrac.connectors.testing.StationClient;
import org.quantrac.connectors.testing.TopicReader;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.testing.TestServices;

/** The connector is killed with SIGKILL mid-stream and started again: every reading still reaches Kafka. */
class ConnectorRestartIT {

    static final int MESSAGES = 400;

    /**
     * protocolVersion 3: MQTT 3.1.1 with clean session off keeps the unacknowledged messages just as 5 does, with
     * Paho's client and with Vert.x MQTT ({@code connectors.mqtt.client}); MQTT 5 with HiveMQ's client (the default)
     * and Paho's.
     */
    @ParameterizedTest(name = "MQTT {0}, client {1}")
    @CsvSource({"5, hivemq", "5, paho", "3, paho", "3, vertx"})
    void killedMidStreamAndRestartedLosesNothing(String protocolVersion, String client) throws Exception {
        ConnectorFixture fixture = new ConnectorFixture();
        Map<String, String> keys = fixture.keys();
        keys.remove("connectors.ops.port");
        keys.put("connectors.mqtt.protocolVersion", protocolVersion);
        keys.put("connectors.mqtt.client", client);
        if (protocolVersion.equals("3")) {
            keys.put("connectors.mqtt.shareGroup", StationTopic.NO_SHARING);
        }
        Path log = Files.createDirectories(Path.of("target", "connector-process")).resolve(fixture.clientId + ".log");
        Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES)
                .minus(ThreadLocalRandom.current().nextInt(600, 5000), ChronoUnit.MINUTES)
                .plusMillis(ThreadLocalRandom.current().nextInt(1, 1000));
        Map<Long, Double> sent = new HashMap<>();

        ConnectorProcess first = ConnectorProcess.start(keys, log);
        try (StationClient station = new StationClient("QN-AQ-01", TestServices.unique("aq01"))) {
            for (int i = 0; i < MESSAGES; i++) {
                if (i == MESSAGES / 2) {
                    first.kill(); // the rest is published while no connector runs
                }
                Instant t = base.plusSeconds(i);
                sent.put(t.toEpochMilli(), (double) i);
                assertThat(station.publish("stations/QN-AQ-01/data", "{\"time\":\"" + t.atOffset(ZoneOffset.UTC)
                        + "\",\"values\":[{\"parameter\":\"PM10\",\"value\":" + i + "}]}")).isZero();
            }
        } finally {
            first.kill();
        }
        try (ConnectorProcess second = ConnectorProcess.start(keys, log);
             TopicReader readings = new TopicReader(TestServices.kafka(), fixture.readings)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> distinct(readings, sent).size() == MESSAGES);
            Map<Long, Double> got = distinct(readings, sent);
            assertThat(got).isEqualTo(sent);
            assertThat(second.alive()).isTrue();
        } finally {
            if (protocolVersion.equals("3")) {
                MqttSessions.discardV311(fixture.clientId);
            }
        }
    }

    /** time → value of our station's observations; a redelivered duplicate has the same identity and value. */
    private static Map<Long, Double> distinct(TopicReader reader, Map<Long, Double> sent) {
        List<Observation> ours = reader.poll().stream().filter(r -> "QN-AQ-01".equals(r.key())).map(r -> {
            try {
                return Observation.parseFrom(r.value());
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }).filter(o -> sent.containsKey(o.getTimeMs())).collect(Collectors.toList());
        return ours.stream().collect(Collectors.toMap(Observation::getTimeMs, o -> o.getMeasurements(0).getValue(),
                (x, y) -> {
                    assertThat(y).as("a duplicate has the same value").isEqualTo(x);
                    return x;
                }));
    }
}
