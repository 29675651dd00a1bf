package org.quantrac.simulator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quantrac.core.testing.TestServices;

/**
 * {@link VertxClient} on the real Mosquitto, where Vert.x leaves the work to us: the PUBACK of each publish, and the
 * automatic reconnect after the broker drops the connection (here by a session takeover: another client connects
 * under the same client id, so the broker closes ours).
 */
class VertxClientIT {

    private static final String USER = "quantrac-gateway";
    private final BrokerClients clients = new BrokerClients(MqttClientLibrary.VERTX);

    @AfterEach
    void close() {
        clients.close();
    }

    private static String password() {
        return TestServices.mqttCredentials().getProperty(USER);
    }

    /** Completes on the PUBACK. */
    private static CompletableFuture<Integer> publish(BrokerClient client, String topic, String payload)
            throws Exception {
        CompletableFuture<Integer> acked = new CompletableFuture<>();
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), false, new BrokerClient.Delivery() {
            @Override
            public void onAck(int reasonCode) {
                acked.complete(reasonCode);
            }

            @Override
            public void onFailure(Throwable e) {
                acked.completeExceptionally(e);
            }
        });
        return acked;
    }

    @Test
    void publishesAreAcknowledgedAndTheClientReconnectsByItselfAfterTheBrokerDropsIt() throws Exception {
        String clientId = TestServices.unique("sim-it-vertx");
        String topic = "stations/" + TestServices.unique("SIM-VX") + "/data";
        LinkSettings settings = new LinkSettings(USER, TestServices.mqtt(), clientId, USER, password(),
                Optional.empty(), 16, Duration.ofSeconds(10), Duration.ofSeconds(30), MqttProtocol.V3_1_1);
        BrokerClient client = clients.create(settings);
        AtomicInteger lost = new AtomicInteger();
        AtomicInteger reconnected = new AtomicInteger();
        CompletableFuture<Void> connected = new CompletableFuture<>();

        try (TestSubscriber sub = new TestSubscriber(TestServices.unique("sim-it-sub"), topic)) {
            client.connect(new BrokerClient.Options(USER, password(), Optional.empty(), 30, 10, 16),
                    new BrokerClient.Events() {
                        @Override
                        public void connectionLost(String why) {
                            lost.incrementAndGet();
                        }

                        @Override
                        public void reconnected(String serverUri) {
                            reconnected.incrementAndGet();
                        }
                    }, new BrokerClient.Action() {
                        @Override
                        public void onSuccess() {
                            connected.complete(null);
                        }

                        @Override
                        public void onFailure(Throwable e) {
                            connected.completeExceptionally(e);
                        }
                    });
            connected.get(10, TimeUnit.SECONDS);
            assertThat(client.isConnected()).isTrue();
            for (int i = 0; i < 50; i++) {
                assertThat(publish(client, topic, "before-" + i).get(10, TimeUnit.SECONDS)).isZero();
            }

            // Session takeover: the broker closes our connection when another client connects with our id.
            MqttClient intruder = new MqttClient(TestServices.mqtt(), clientId, new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setUserName(USER);
            o.setPassword(password().toCharArray());
            intruder.connect(o);
            intruder.disconnect();
            intruder.close();

            await().atMost(Duration.ofSeconds(20)).until(() -> reconnected.get() == 1 && client.isConnected());
            assertThat(lost.get()).isEqualTo(1);
            for (int i = 0; i < 50; i++) {
                assertThat(publish(client, topic, "after-" + i).get(10, TimeUnit.SECONDS)).isZero();
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> sub.received().size() >= 100);
            List<String> payloads = sub.received().stream().map(TestSubscriber.Received::payload).toList();
            assertThat(payloads).hasSize(100).startsWith("before-0").endsWith("after-49")
                    .contains("before-49", "after-0").doesNotHaveDuplicates();
            client.disconnect(5_000);
            assertThat(client.isConnected()).isFalse();
            client.close();
            client.close(); // idempotent
        }
    }
}
