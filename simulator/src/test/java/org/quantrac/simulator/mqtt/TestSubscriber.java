package org.quantrac.simulator.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.quantrac.core.testing.TestServices;

/** A real Paho subscriber logged in as quantrac-connector, collecting what arrives. */
final class TestSubscriber implements AutoCloseable {

    record Received(String topic, String payload, boolean retained) {
    }

    private final MqttAsyncClient client;
    final ConcurrentLinkedQueue<Received> messages = new ConcurrentLinkedQueue<>();

    TestSubscriber(String clientId, String... filters) throws MqttException {
        client = new MqttAsyncClient(TestServices.mqtt(), clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                messages.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
            }

            @Override
            public void authPacketArrived(int code, MqttProperties p) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("quantrac-connector");
        o.setPassword(TestServices.mqttCredentials().getProperty("quantrac-connector")
                .getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(true);
        // Many stations publish at once in the tests: let the broker send us plenty in parallel.
        o.setReceiveMaximum(1000);
        client.connect(o).waitForCompletion(10_000);
        MqttSubscription[] subs = new MqttSubscription[filters.length];
        for (int i = 0; i < filters.length; i++) {
            subs[i] = new MqttSubscription(filters[i], 1);
        }
        client.subscribe(subs).waitForCompletion(10_000);
    }

    List<Received> received() {
        return List.copyOf(messages);
    }

    @Override
    public void close() throws MqttException {
        client.disconnect().waitForCompletion(5_000);
        client.close();
    }
}
