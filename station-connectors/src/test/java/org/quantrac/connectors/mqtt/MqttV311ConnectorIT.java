package org.quantrac.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quantrac.connectors.ConnectorsApp;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.connectors.testing.ConnectorFixture;
import org.quantrac.connectors.testing.MqttSessions;
import org.quantrac.connectors.testing.StationClient311;
import org.quantrac.connectors.testing.TopicReader;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.record.v1.DeadLetter;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;

/**
 * The connector speaking MQTT 3.1.1 ({@code connectors.mqtt.protocolVersion: 3}, for brokers without MQTT 5) to the
 * real Mosquitto, fed by a 3.1.1 station: every reading reaches Kafka exactly once, and what is published while the
 * connector is stopped waits in its persistent session (clean session off, same client id) and arrives after the
 * restart, again exactly once.
 */
class MqttV311ConnectorIT {

    static final String STATION = "QN-AQ-04";

    final ConnectorFixture fixture = new ConnectorFixture();
    final Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES)
            .minus(ThreadLocalRandom.current().nextInt(600, 5000), ChronoUnit.MINUTES)
            .plusMillis(ThreadLocalRandom.current().nextInt(1, 1000));
    ConnectorsApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        MqttSessions.discardV311(fixture.clientId);
    }

    ConnectorsConfig config(String client) {
        Map<String, String> keys = fixture.keys();
        keys.put("connectors.mqtt.protocolVersion", "3");
        keys.put("connectors.mqtt.client", client);
        keys.remove("connectors.mqtt.shareGroup"); // 3.1.1 subscribes without sharing by default
        ConfigSource source = ConfigSource.of(keys);
        ConnectorsConfig config = ConnectorsConfig.from(source);
        source.failOnUnknownKeys();
        return config;
    }

    /** With either client library: Paho's 3.1.1 client, or Vert.x MQTT ({@code connectors.mqtt.client}). */
    @ParameterizedTest(name = "client {0}")
    @ValueSource(strings = {"paho", "vertx"})
    void readingsReachKafkaExactlyOnceAcrossAStop(String client) throws Exception {
        PrometheusMeterRegistry registry = OpsServer.newRegistry();
        ConnectorsConfig config = config(client);
        assertThat(config.mqtt().client().name()).isEqualToIgnoringCase(client);
        assertThat(config.mqtt().protocol()).isEqualTo(MqttProtocol.V3_1_1);
        assertThat(config.mqtt().shareGroup()).isEqualTo(StationTopic.NO_SHARING);
        app = ConnectorsApp.start(config, StationCatalog.builtIn(), registry);
        Map<Long, Double> sent = new HashMap<>();
        String nonce = TestServices.unique("n");
        try (StationClient311 station = new StationClient311(STATION, TestServices.unique("aq04"));
             TopicReader readings = new TopicReader(TestServices.kafka(), fixture.readings);
             TopicReader dlq = new TopicReader(TestServices.kafka(), fixture.dlq)) {
            publish(station, 0, 60, sent);
            station.publish("stations/" + STATION + "/data", "not json " + nonce);
            await().atMost(Duration.ofSeconds(60)).until(() -> ours(readings, sent).size() >= 60
                    && letters(dlq, nonce).size() >= 1);

            // Stopped cleanly: in-flight messages are finished and acknowledged, later ones wait in the session.
            app.close();
            app = null;
            publish(station, 60, 100, sent);
            app = ConnectorsApp.start(config, StationCatalog.builtIn(), OpsServer.newRegistry());
            await().atMost(Duration.ofSeconds(60)).until(() -> ours(readings, sent).size() >= 100);
            Thread.sleep(1_000); // an extra (duplicate) record would show by now

            List<Observation> got = ours(readings, sent);
            assertThat(got).hasSize(100);
            Map<Long, Double> byTime = got.stream().collect(Collectors.toMap(Observation::getTimeMs,
                    o -> o.getMeasurements(0).getValue()));
            assertThat(byTime).isEqualTo(sent);
            List<DeadLetter> bad = letters(dlq, nonce);
            assertThat(bad).hasSize(1);
            assertThat(bad.get(0).getReason()).isEqualTo("MALFORMED_JSON");
        }
    }

    private void publish(StationClient311 station, int from, int to, Map<Long, Double> sent) throws Exception {
        for (int i = from; i < to; i++) {
            Instant t = base.plusSeconds(i);
            sent.put(t.toEpochMilli(), (double) i);
            station.publish("stations/" + STATION + "/data", "{\"time\":\"" + t.atOffset(ZoneOffset.UTC)
                    + "\",\"values\":[{\"parameter\":\"PM10\",\"value\":" + i + "}]}");
        }
    }

    private static List<Observation> ours(TopicReader reader, Map<Long, Double> sent) {
        return reader.poll().stream().filter(r -> STATION.equals(r.key())).map(r -> {
            try {
                return Observation.parseFrom(r.value());
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }).filter(o -> sent.containsKey(o.getTimeMs())).collect(Collectors.toList());
    }

    private static List<DeadLetter> letters(TopicReader reader, String nonce) {
        return reader.poll().stream().map(r -> {
            try {
                return DeadLetter.parseFrom(r.value());
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }).filter(d -> d.getPayload().toStringUtf8().contains(nonce)).collect(Collectors.toList());
    }
}
