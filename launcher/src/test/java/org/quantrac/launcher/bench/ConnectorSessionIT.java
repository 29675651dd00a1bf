package org.quantrac.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.quantrac.core.testing.TestServices;

/** On the real Mosquitto: what a test or benchmark connector leaves behind is gone after {@link ConnectorSession#end}. */
class ConnectorSessionIT {

    @Test
    void endsAPersistentSessionTheBrokerKept() throws Exception {
        assumeTrue(System.getenv("QUANTRAC_TEST_MQTT") != null, "needs the services of `./quantrac services up`");
        String clientId = TestServices.unique("it-session");
        String password = TestServices.mqttCredentials().getProperty("quantrac-connector");

        assertThat(connectKeepingSession(clientId, password)).as("a new client id has no session").isFalse();
        assertThat(connectKeepingSession(clientId, password)).as("the broker kept the session").isTrue();

        ConnectorSession.end(Map.of("connectors.mqtt.serverUri", TestServices.mqtt(),
                "connectors.mqtt.clientId", clientId, "connectors.mqtt.password", password));

        assertThat(connectKeepingSession(clientId, password)).as("the session was discarded").isFalse();
        ConnectorSession.end(Map.of("connectors.mqtt.serverUri", TestServices.mqtt(),
                "connectors.mqtt.clientId", clientId, "connectors.mqtt.password", password));
    }

    /** Connects with clean session off, subscribes to one station, leaves; returns whether a session was present. */
    private static boolean connectKeepingSession(String clientId, String password) throws Exception {
        MqttClient c = new MqttClient(TestServices.mqtt(), clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(false);
        o.setUserName("quantrac-connector");
        o.setPassword(password.toCharArray());
        boolean present = c.connectWithResult(o).getSessionPresent();
        c.subscribe("stations/" + clientId + "/data", 1);
        c.disconnect();
        c.close();
        return present;
    }
}
