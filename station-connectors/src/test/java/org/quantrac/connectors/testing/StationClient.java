package org.quantrac.connectors.testing;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.quantrac.core.testing.TestServices;

/** A station's own MQTT v5 client, logged in with its own credentials. */
public final class StationClient implements AutoCloseable {

    private final MqttAsyncClient client;

    public StationClient(String user, String clientId, String willTopic, String willPayload) throws MqttException {
        String password = TestServices.mqttCredentials().getProperty(user);
        if (password == null) {
            throw new IllegalStateException("no MQTT password for " + user + " in " + TestServices.mqttCredentialsFile());
        }
        client = new MqttAsyncClient(TestServices.mqtt(), clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(user);
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(true);
        if (willTopic != null) {
            MqttMessage will = new MqttMessage(willPayload.getBytes(StandardCharsets.UTF_8), 1, true, null);
            o.setWill(willTopic, will);
        }
        client.connect(o).waitForCompletion(10_000);
    }

    public StationClient(String user, String clientId) throws MqttException {
        this(user, clientId, null, null);
    }

    /** Publishes with QoS 1 and returns the PUBACK reason code (0 = accepted, 135 = not authorised). */
    public int publish(String topic, byte[] payload, boolean retained) throws MqttException {
        for (int attempt = 0; ; attempt++) {
            try {
                IMqttToken token = client.publish(topic, payload, 1, retained);
                token.waitForCompletion(10_000);
                int[] codes = token.getReasonCodes();
                return codes == null || codes.length == 0 ? 0 : codes[0];
            } catch (MqttException e) {
                // The broker's receive maximum: "too many publishes in progress" is a retry, not an error.
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || attempt > 1000) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    public int publish(String topic, String payload) throws MqttException {
        return publish(topic, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    /** Drops the TCP connection without DISCONNECT, so the broker publishes the last will. */
    public void kill() throws MqttException {
        client.disconnectForcibly(0, 1_000, false);
        client.close(true);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5_000);
        }
        client.close(true);
    }
}
