package org.quantrac.connectors.testing;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.quantrac.core.testing.TestServices;

/** A station that speaks MQTT 3.1.1 (most dataloggers in the field), logged in with its own credentials. */
public final class StationClient311 implements AutoCloseable {

    private final MqttAsyncClient client;

    public StationClient311(String user, String clientId) throws MqttException {
        String password = TestServices.mqttCredentials().getProperty(user);
        if (password == null) {
            throw new IllegalStateException("no MQTT password for " + user + " in " + TestServices.mqttCredentialsFile());
        }
        client = new MqttAsyncClient(TestServices.mqtt(), clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        o.setCleanSession(true);
        o.setMaxInflight(100);
        client.connect(o).waitForCompletion(10_000);
    }

    /** Publishes with QoS 1 and waits for the PUBACK (3.1.1 has no reason codes: a denied publish is dropped). */
    public void publish(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, false)
                .waitForCompletion(10_000);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5_000);
        }
        client.close(true);
    }
}
