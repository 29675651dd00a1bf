package org.quantrac.launcher.bench;

import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the broker session of a connector that ran for a benchmark or a test. Its session (clean session off) stays
 * subscribed to every station on the shared broker and queues all later traffic until it expires: never on MQTT 3.1.1
 * before the broker's persistent_client_expiration (1 day here), and Mosquitto 2.0.11 drops a 5.0 session's expiry
 * when it restarts. Every later run then pays the broker for a second subscriber and for rewriting the queue at each
 * autosave. A clean-session connect under the same client id makes the broker discard it, whatever the version.
 */
public final class ConnectorSession {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorSession.class);

    private ConnectorSession() {
    }

    /** @param settings the connector's {@code connectors.mqtt.*} settings (server, client id, user, password) */
    public static void end(Map<String, String> settings) {
        String clientId = settings.get("connectors.mqtt.clientId");
        try {
            MqttClient c = new MqttClient(settings.get("connectors.mqtt.serverUri"), clientId,
                    new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            o.setCleanSession(true);
            o.setUserName(settings.getOrDefault("connectors.mqtt.username", "quantrac-connector"));
            o.setPassword(settings.getOrDefault("connectors.mqtt.password", "").toCharArray());
            c.connect(o);
            c.disconnect();
            c.close();
        } catch (MqttException e) {
            LOG.warn("[mqtt: {}] cannot end the connector's broker session: {}", clientId, e.toString());
        }
    }
}
