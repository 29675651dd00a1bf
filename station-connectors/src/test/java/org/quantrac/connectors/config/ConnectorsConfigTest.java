package org.quantrac.connectors.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quantrac.connectors.mqtt.MqttConnectorSettings;
import org.quantrac.connectors.mqtt.MqttProtocol;
import org.quantrac.connectors.mqtt.StationAssignment;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.record.Topics;

class ConnectorsConfigTest {

    @Test
    void defaults() {
        ConnectorsConfig c = ConnectorsConfig.from(ConfigSource.of(Map.of()));
        assertThat(c.mqtt().broker().serverUri()).isEqualTo("tcp://127.0.0.1:18830");
        assertThat(c.mqtt().broker().username()).isEqualTo("quantrac-connector");
        assertThat(c.mqtt().clientId()).startsWith("quantrac-connector-");
        assertThat(c.mqtt().shareGroup()).isEqualTo("quantrac-connectors");
        assertThat(c.mqtt().sessionExpiry()).isEqualTo(Duration.ofDays(1));
        assertThat(c.topics()).isEqualTo(new ConnectorTopics(Topics.READINGS, Topics.READINGS_DLQ,
                Topics.STATION_EVENTS));
        assertThat(c.rules().tt10Zone()).isEqualTo(ZoneId.of("Asia/Ho_Chi_Minh"));
        assertThat(c.rules().maxPayloadBytes()).isEqualTo(65536);
        assertThat(c.rules().maxFuture()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.kafka().bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(c.opsPort()).isEqualTo(9102);
        assertThat(c.kafkaStartWait()).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.kafka.startWait", "2h"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("connectors.kafka.startWait");
        assertThat(c.producer().compression()).isEqualTo("none");
    }

    @Test
    void producerCompressionIsOneOfKafkasTypes() {
        assertThat(ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.kafka.compression", "None")))
                .producer().compression()).isEqualTo("none");
        assertThatThrownBy(() -> ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.kafka.compression",
                "brotli")))).isInstanceOf(ConfigException.class).hasMessageContaining("connectors.kafka.compression")
                .hasMessageContaining("zstd");
    }

    @Test
    void keysFromFileOrEnvironment() {
        ConfigSource source = ConfigSource.of(Map.of(
                "connectors.mqtt.clientId", "replica-1",
                "CONNECTORS_MQTT_SHARE_GROUP", "g2",
                "connectors.topics.readings", "r1",
                "connectors.tt10.zone", "UTC",
                "connectors.maxPayloadBytes", "1024",
                "connectors.ops.port", "0",
                "kafka.bootstrapServers", "k1:9092,k2:9092"));
        ConnectorsConfig c = ConnectorsConfig.from(source);
        source.failOnUnknownKeys();
        assertThat(c.mqtt().clientId()).isEqualTo("replica-1");
        assertThat(c.mqtt().shareGroup()).isEqualTo("g2");
        assertThat(c.topics().readings()).isEqualTo("r1");
        assertThat(c.topics().dlq()).isEqualTo(Topics.READINGS_DLQ);
        assertThat(c.rules().tt10Zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(c.rules().maxPayloadBytes()).isEqualTo(1024);
        assertThat(c.opsPort()).isZero();
        assertThat(c.kafka().bootstrapServers()).isEqualTo("k1:9092,k2:9092");
    }

    @Test
    void badValuesFailFastNamingTheKey() {
        assertThatThrownBy(() -> ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.tt10.zone", "Hanoi"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("connectors.tt10.zone");
        assertThatThrownBy(() -> ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.mqtt.shareGroup", "a/b"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("connectors.mqtt.shareGroup");
        assertThatThrownBy(() -> ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.mqtt.serverUri", "x"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("connectors.mqtt.serverUri");
        ConfigSource typo = ConfigSource.of(Map.of("connectors.mqtt.shareGrop", "g"));
        ConnectorsConfig.from(typo);
        assertThatThrownBy(typo::failOnUnknownKeys).isInstanceOf(ConfigException.class)
                .hasMessageContaining("connectorsmqttsharegrop");
    }

    @Test
    void mqttProtocolVersion() {
        assertThat(ConnectorsConfig.from(ConfigSource.of(Map.of())).mqtt().protocol()).isEqualTo(MqttProtocol.V5);
        ConnectorsConfig v3 = ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.mqtt.protocolVersion", "3")));
        assertThat(v3.mqtt().protocol()).isEqualTo(MqttProtocol.V3_1_1);
        assertThat(v3.mqtt().shareGroup()).as("3.1.1 has no shared subscriptions").isEqualTo("none");
        assertThat(ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.mqtt.protocolVersion", "3.1.1",
                "connectors.mqtt.shareGroup", "none"))).mqtt().protocol()).isEqualTo(MqttProtocol.V3_1_1);
        assertThatThrownBy(() -> ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.mqtt.protocolVersion", "3",
                "connectors.mqtt.shareGroup", "g1")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("connectors.mqtt.shareGroup").hasMessageContaining("need MQTT 5");
        assertThatThrownBy(() -> ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.mqtt.protocolVersion",
                "4.0")))).isInstanceOf(ConfigException.class).hasMessageContaining("connectors.mqtt.protocolVersion")
                .hasMessageContaining("expected 5 (MQTT 5) or 3 (MQTT 3.1.1)");
    }

    @Test
    void mqttClientLibrary() {
        assertThat(ConnectorsConfig.from(ConfigSource.of(Map.of())).mqtt().client())
                .isEqualTo(MqttConnectorSettings.Client.HIVEMQ);
        assertThat(ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.mqtt.protocolVersion", "3"))).mqtt()
                .client()).isEqualTo(MqttConnectorSettings.Client.PAHO);
        assertThat(ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.mqtt.client", "paho"))).mqtt().client())
                .isEqualTo(MqttConnectorSettings.Client.PAHO);
        assertThatThrownBy(() -> ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.mqtt.protocolVersion", "3",
                "connectors.mqtt.client", "hivemq")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("connectors.mqtt.client = hivemq needs connectors.mqtt.protocolVersion = 5");
        assertThat(ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.mqtt.protocolVersion", "3",
                "connectors.mqtt.client", "vertx"))).mqtt().client()).isEqualTo(MqttConnectorSettings.Client.VERTX);
        assertThatThrownBy(() -> ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.mqtt.client", "vertx"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("connectors.mqtt.client = vertx needs")
                .hasMessageContaining("protocolVersion = 3");
        assertThatThrownBy(() -> ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.mqtt.client", "mosquitto"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("expected hivemq, paho or vertx");
        assertThatThrownBy(() -> ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.mqtt.protocolVersion", "3",
                "connectors.mqtt.client", "vertx", "connectors.mqtt.serverUri", "ws://broker:8080"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tcp:// and ssl://");
    }

    @Test
    void staticAssignment() {
        ConnectorsConfig c = ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.mqtt.assignment", "static",
                "connectors.mqtt.replicas", "3", "connectors.mqtt.replicaIndex", "2")));
        assertThat(c.mqtt().assignment()).isEqualTo(StationAssignment.fixed(2, 3));
        assertThat(c.mqtt().shareGroup()).as("plain subscriptions").isEqualTo("none");
        assertThat(ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.mqtt.assignment", "static",
                "connectors.mqtt.replicas", "2", "connectors.mqtt.replicaIndex", "1",
                "connectors.mqtt.protocolVersion", "3"))).mqtt().assignment()).isEqualTo(StationAssignment.fixed(1, 2));
        assertThat(ConnectorsConfig.from(ConfigSource.of(Map.of())).mqtt().assignment())
                .isEqualTo(StationAssignment.shared());

        assertThatThrownBy(() -> ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.mqtt.assignment", "static",
                "connectors.mqtt.replicaIndex", "0")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("connectors.mqtt.replicas is required");
        assertThatThrownBy(() -> ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.mqtt.assignment", "static",
                "connectors.mqtt.replicas", "2", "connectors.mqtt.replicaIndex", "2"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("expected 0..1");
        assertThatThrownBy(() -> ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.mqtt.assignment", "static",
                "connectors.mqtt.replicas", "2", "connectors.mqtt.replicaIndex", "0",
                "connectors.mqtt.shareGroup", "g")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("connectors.mqtt.shareGroup").hasMessageContaining("assignment = static");
        assertThatThrownBy(() -> ConnectorsConfig.from(ConfigSource.of(Map.of("connectors.mqtt.assignment", "sticky"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("expected shared");
    }

    @Test
    void replicaIndexFromAStatefulSetHostName() {
        assertThat(ConnectorsConfig.ordinalOf("quantrac-connectors-2")).contains("2");
        assertThat(ConnectorsConfig.ordinalOf("quantrac-connectors-12.svc.cluster.local")).contains("12");
        assertThat(ConnectorsConfig.ordinalOf("laptop")).isEmpty();
    }
}
