package org.quantrac.launcher.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each embedded server of the demo, started without any installed service: ready when start returns, serving real
 * clients, and gone (port released) after close, which may be called twice.
 */
class EmbeddedServersIT {

    @TempDir
    Path dir;

    @Test
    void kafkaTakesAndGivesBackRecordsAndReleasesItsPortOnClose() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), Duration.ofSeconds(60));
        try (kafka) {
            try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 100; i++) {
                    p.send(new ProducerRecord<>("it-embedded", "k" + i, "v" + i)).get();
                }
            }
            List<String> seen = new ArrayList<>();
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "it-embedded",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                    new StringDeserializer())) {
                c.subscribe(List.of("it-embedded"));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (seen.size() < 100 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                        seen.add(r.value());
                    }
                }
            }
            assertThat(seen).hasSize(100).contains("v0", "v99");
        }
        kafka.close();
        assertThat(Ports.inUse(kafka.port())).as("Kafka port after close").isFalse();
    }

    @Test
    void theMqttBrokerSpeaksMqtt311WithTheStationAcl() throws Exception {
        Map<String, String> users = Map.of("QN-AQ-01", "station-secret", "quantrac-connector", "connector-secret",
                "quantrac-gateway", "gateway-secret");
        EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(users, Set.of("quantrac-connector"), "quantrac-gateway");
        try (broker) {
            List<String> received = new CopyOnWriteArrayList<>();
            MqttClient reader = connect(broker, "it-reader", "quantrac-connector", "connector-secret");
            reader.subscribe("stations/#", 1, (topic, m) -> received.add(topic + " "
                    + new String(m.getPayload(), StandardCharsets.UTF_8)));
            MqttClient station = connect(broker, "it-station", "QN-AQ-01", "station-secret");
            for (int i = 0; i < 500; i++) {
                publish(station, "stations/QN-AQ-01/data", "m" + i, 1);
            }
            // Another station's topic: dropped (QoS 0: Moquette sends no PUBACK for a refused QoS 1 publish).
            publish(station, "stations/QN-AQ-02/data", "spoofed", 0);
            publish(station, "stations/QN-AQ-01/data", "last", 1);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!received.contains("stations/QN-AQ-01/data last") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(received).hasSize(501).doesNotContain("stations/QN-AQ-02/data spoofed");
            assertThatThrownBy(() -> connect(broker, "it-bad", "QN-AQ-01", "wrong")).isInstanceOf(MqttException.class);
            station.disconnect();
            reader.disconnect();
        }
        broker.close();
        assertThat(Ports.inUse(broker.port())).as("MQTT port after close").isFalse();
    }

    @Test
    void postgresHasTheQuantracDatabaseWithoutTimescale() throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("pg"), Path.of(System.getProperty("java.io.tmpdir"),
                "quantrac-it-pg-binaries"));
        try (db; Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT current_database(), current_setting('server_version_num')::int,"
                    + " (SELECT count(*) FROM pg_available_extensions WHERE name = 'timescaledb')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("quantrac");
                assertThat(rs.getInt(2)).isGreaterThanOrEqualTo(170000);
                assertThat(rs.getInt(3)).isZero();
            }
        }
        db.close();
        assertThat(Ports.inUse(db.port())).as("PostgreSQL port after close").isFalse();
    }

    /** Paho reports 32202 (too many publishes in progress) now and then even when publishing synchronously. */
    private static void publish(MqttClient c, String topic, String payload, int qos) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                c.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT || attempt > 100) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }

    private static MqttClient connect(EmbeddedMqttBroker broker, String id, String user, String password)
            throws MqttException {
        MqttClient c = new MqttClient(broker.serverUri(), id, new MemoryPersistence());
        c.setTimeToWait(10_000);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        o.setConnectionTimeout(5);
        c.connect(o);
        return c;
    }
}
