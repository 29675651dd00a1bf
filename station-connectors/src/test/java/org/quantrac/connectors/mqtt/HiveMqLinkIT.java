package org.quantrac.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.connectors.testing.ConnectorFixture;
import org.quantrac.connectors.testing.MqttSessions;
import org.quantrac.connectors.testing.StationClient;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.testing.TestServices;

/**
 * {@link HiveMqLink} on the real Mosquitto: the connector's own bound on unacknowledged messages. Mosquitto 2.0.11 does
 * not keep to the receive maximum a client announces, so the link stops reading once {@code receiveMaximum} messages
 * wait for their PUBACK (see HiveMqLink.RECEIVE_MAXIMUM); each acknowledgement lets exactly one more in.
 */
class HiveMqLinkIT {

    static final String STATION = "QN-AQ-03";
    static final int RECEIVE_MAXIMUM = 4;
    static final int MESSAGES = 10;

    final ConnectorFixture fixture = new ConnectorFixture();
    final List<int[]> received = new CopyOnWriteArrayList<>(); // {id, qos, sequence number from the payload}
    HiveMqLink link;

    @AfterEach
    void close() {
        if (link != null) {
            link.close();
        }
        MqttSessions.discardV311(fixture.clientId); // a clean-session connect ends the MQTT 5 session as well
    }

    @Test
    void holdsAtMostReceiveMaximumUnacknowledgedMessagesAndEachAckLetsOneMoreIn() throws Exception {
        Map<String, String> keys = fixture.keys();
        keys.put("connectors.mqtt.receiveMaximum", Integer.toString(RECEIVE_MAXIMUM));
        MqttConnectorSettings settings = ConnectorsConfig.from(ConfigSource.of(keys)).mqtt();
        assertThat(settings.client()).isEqualTo(MqttConnectorSettings.Client.HIVEMQ);
        link = new HiveMqLink(settings, new BrokerLink.Listener() {
            @Override
            public void message(String topic, byte[] payload, int id, int qos) {
                received.add(new int[] {id, qos, Integer.parseInt(new String(payload, StandardCharsets.UTF_8))});
            }

            @Override
            public void reconnected(String serverUri) {
            }

            @Override
            public void lost(String cause) {
            }
        });
        link.connect().get();
        String topic = "stations/" + STATION + "/data";
        link.subscribe(List.of(topic)).get();

        try (StationClient station = new StationClient(STATION, TestServices.unique("aq03"))) {
            for (int i = 0; i < MESSAGES; i++) {
                assertThat(station.publish(topic, Integer.toString(i))).isZero();
            }
        }
        // The broker has all ten (the station's publishes were acknowledged); we take four and stop.
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == RECEIVE_MAXIMUM);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> received.size() == RECEIVE_MAXIMUM);

        // Acknowledging one lets exactly one more in, in the broker's order.
        assertThat(link.ack(received.get(0)[0], received.get(0)[1])).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == RECEIVE_MAXIMUM + 1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> received.size() == RECEIVE_MAXIMUM + 1);

        // Acknowledging everything as it comes drains the rest.
        List<int[]> acked = new ArrayList<>(List.of(received.get(0)));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (int[] m : received) {
                if (!acked.contains(m)) {
                    assertThat(link.ack(m[0], m[1])).isTrue();
                    acked.add(m);
                }
            }
            return received.size() == MESSAGES;
        });
        assertThat(received).extracting(m -> m[2]).containsExactlyElementsOf(IntStream.range(0, MESSAGES).boxed()
                .toList());
        assertThat(received).extracting(m -> m[1]).containsOnly(1);
    }
}
