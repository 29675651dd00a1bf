package org.quantrac.connectors.testing;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.quantrac.core.testing.TestServices;

/** Test hygiene on the shared broker. */
public final class MqttSessions {

    private MqttSessions() {
    }

    /**
     * Ends the persistent MQTT 3.1.1 session of a test's connector: 3.1.1 has no session expiry, so the broker would
     * keep it (subscribed to every station, queueing everything anyone publishes) for its persistent_client_expiration
     * (a day here). A clean-session connect with the same client id discards it.
     */
    public static void discardV311(String clientId) {
        try {
            MqttClient c = new MqttClient(TestServices.mqtt(), clientId, new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            o.setCleanSession(true);
            o.setUserName("quantrac-connector");
            o.setPassword(TestServices.mqttCredentials().getProperty("quantrac-connector").toCharArray());
            c.connect(o);
            c.disconnect();
            c.close();
        } catch (MqttException e) {
            throw new IllegalStateException("cannot discard the MQTT session " + clientId + ": " + e, e);
        }
    }
}
