package org.quantrac.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quantrac.connectors.ConnectorsApp;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.connectors.testing.ConnectorFixture;
import org.quantrac.connectors.testing.MqttSessions;
import org.quantrac.connectors.testing.StationClient;
import org.quantrac.connectors.testing.TopicReader;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.LocalServices;
import org.quantrac.core.testing.TestServices;

/**
 * Two connector replicas with {@code assignment: static} split six stations by hash, each writing to its own readings
 * topic so that the split can be checked. The real Mosquitto is restarted twice ({@code scripts/services.sh}): once
 * while the replicas run, with stations publishing right after the broker is back, and once while both replicas are
 * stopped, with stations publishing before they start again. Plain subscriptions are restored with the persistent
 * sessions, so every reading arrives, exactly once, at the replica that owns its station. (With {@code $share/…} the
 * readings of the second restart are lost: Mosquitto 2.0.11 does not persist shared subscriptions.)
 *
 * <p>Restarts the shared broker: run it alone ({@code flock -x}), as {@code ./quantrac test} does.
 */
class StaticAssignmentIT {

    static final List<String> STATIONS = List.of("QN-AQ-01", "QN-AQ-02", "QN-AQ-03", "QN-AQ-04", "QN-AQ-05",
            "QN-AQ-06");
    static final int PER_STATION = 10;

    final ConnectorFixture[] fixtures = {new ConnectorFixture(), new ConnectorFixture()};
    final ConnectorsApp[] apps = new ConnectorsApp[2];
    final PrometheusMeterRegistry[] registries = new PrometheusMeterRegistry[2];
    final Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES)
            .minus(ThreadLocalRandom.current().nextInt(600, 5000), ChronoUnit.MINUTES)
            .plusMillis(ThreadLocalRandom.current().nextInt(1, 1000));
    /** station → sent times (epoch ms) → value. */
    final Map<String, Map<Long, Double>> sent = new HashMap<>();
    int round;
    /**
     * hivemq: MQTT 5, the default client; paho: Paho on MQTT 5; vertx: the Vert.x client, MQTT 3.1.1, reconnecting by
     * our own code.
     */
    String client = "hivemq";

    @AfterEach
    void stop() {
        for (ConnectorsApp app : apps) {
            if (app != null) {
                app.close();
            }
        }
        if (client.equals("vertx")) {
            for (ConnectorFixture f : fixtures) {
                MqttSessions.discardV311(f.clientId);
            }
        }
    }

    ConnectorsConfig config(int index) {
        Map<String, String> keys = fixtures[index].keys();
        keys.remove("connectors.mqtt.shareGroup");
        if (client.equals("vertx")) {
            keys.put("connectors.mqtt.protocolVersion", "3");
        }
        keys.put("connectors.mqtt.client", client);
        keys.put("connectors.mqtt.assignment", "static");
        keys.put("connectors.mqtt.replicas", "2");
        keys.put("connectors.mqtt.replicaIndex", Integer.toString(index));
        ConfigSource source = ConfigSource.of(keys);
        ConnectorsConfig config = ConnectorsConfig.from(source);
        source.failOnUnknownKeys();
        return config;
    }

    void startReplicas() {
        for (int i = 0; i < 2; i++) {
            registries[i] = OpsServer.newRegistry();
            apps[i] = ConnectorsApp.start(config(i), StationCatalog.builtIn(), registries[i]);
        }
    }

    @ParameterizedTest(name = "client {0}")
    @ValueSource(strings = {"hivemq", "paho", "vertx"})
    void twoReplicasSplitTheStationsAndLoseNothingOverBrokerRestarts(String client) throws Exception {
        this.client = client;
        assumeTrue(System.getenv("QUANTRAC_TEST_MQTT") != null,
                "needs the services of `./quantrac services up` (QUANTRAC_TEST_* set): it restarts Mosquitto");
        List<String> owned0 = STATIONS.stream().filter(s -> StationAssignment.bucket(s, 2) == 0).toList();
        assertThat(owned0).as("both replicas own stations").isNotEmpty().hasSizeLessThan(STATIONS.size());
        startReplicas();
        try (TopicReader r0 = new TopicReader(TestServices.kafka(), fixtures[0].readings);
             TopicReader r1 = new TopicReader(TestServices.kafka(), fixtures[1].readings)) {
            TopicReader[] readers = {r0, r1};

            publishRound();
            awaitAll(readers);
            awaitAcknowledged();

            // 1. The broker restarts under running replicas; stations publish as soon as it is back.
            LocalServices.run("down", "mqtt");
            LocalServices.run("up", "mqtt");
            publishRound();
            awaitAll(readers);
            awaitAcknowledged();

            // 2. The broker restarts while no replica runs; stations publish before the replicas return.
            for (int i = 0; i < 2; i++) {
                apps[i].close();
                apps[i] = null;
            }
            LocalServices.run("down", "mqtt");
            LocalServices.run("up", "mqtt");
            publishRound();
            startReplicas();
            awaitAll(readers);
            Thread.sleep(1_000); // a duplicate would show by now

            for (int i = 0; i < 2; i++) {
                Map<String, Map<Long, Long>> counts = counts(readers[i]);
                int replica = i;
                List<String> mine = STATIONS.stream().filter(s -> StationAssignment.bucket(s, 2) == replica).toList();
                assertThat(counts.keySet()).as("stations read by replica %d", i).containsExactlyInAnyOrderElementsOf(mine);
                for (String station : mine) {
                    assertThat(counts.get(station).keySet()).as("%s: every reading", station)
                            .isEqualTo(sent.get(station).keySet());
                    assertThat(counts.get(station).values()).as("%s: each once", station).allMatch(n -> n == 1L);
                }
            }
        }
    }

    private void publishRound() throws Exception {
        try (StationClient gateway = new StationClient("quantrac-gateway", TestServices.unique("gw"))) {
            for (int k = 0; k < PER_STATION; k++) {
                for (String station : STATIONS) {
                    Instant t = base.plusSeconds(round * PER_STATION + k);
                    double v = round * 100 + k;
                    sent.computeIfAbsent(station, s -> new HashMap<>()).put(t.toEpochMilli(), v);
                    assertThat(gateway.publish("stations/" + station + "/data", "{\"time\":\""
                            + t.atOffset(ZoneOffset.UTC) + "\",\"values\":[{\"parameter\":\"PM10\",\"value\":" + v
                            + "}]}")).isZero();
                }
            }
        }
        round++;
    }

    private void awaitAll(TopicReader[] readers) {
        long expected = sent.values().stream().mapToLong(Map::size).sum();
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            long n = 0;
            for (TopicReader r : readers) {
                n += counts(r).values().stream().mapToLong(Map::size).sum();
            }
            return n >= expected;
        });
    }

    /** Before the broker goes down: nothing in flight, so a redelivery (a harmless duplicate) cannot blur the count. */
    private void awaitAcknowledged() {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (PrometheusMeterRegistry r : registries) {
                if (r.get("quantrac.connector.inflight").gauge().value() > 0) {
                    return false;
                }
            }
            return true;
        });
    }

    /** station → time → records, for this run's readings only. */
    private Map<String, Map<Long, Long>> counts(TopicReader reader) {
        List<ConsumerRecord<String, byte[]>> records = reader.poll();
        Map<String, Map<Long, Long>> out = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            Map<Long, Double> ours = sent.get(r.key());
            if (ours == null) {
                continue;
            }
            Observation o;
            try {
                o = Observation.parseFrom(r.value());
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
            if (ours.containsKey(o.getTimeMs())) {
                assertThat(o.getMeasurements(0).getValue()).isEqualTo(ours.get(o.getTimeMs()));
                out.computeIfAbsent(r.key(), k -> new HashMap<>()).merge(o.getTimeMs(), 1L, Long::sum);
            }
        }
        return out;
    }
}
