package org.quantrac.simulator.mqtt;

import java.time.Duration;
import java.util.Optional;

/**
 * One MQTT connection of the simulator.
 *
 * @param name           for log context: the station code or the gateway's name
 * @param stateTopic     the retained online/offline topic with the last will, if the connection is one station's
 * @param window         publishes in flight at once; below the broker's receive maximum (Mosquitto: 20)
 * @param publishTimeout how long one message may be retried (reconnects included) before it counts as failed
 * @param protocol       MQTT 5 or 3.1.1
 */
public record LinkSettings(String name, String serverUri, String clientId, String username, String password,
                           Optional<String> stateTopic, int window, Duration connectTimeout,
                           Duration publishTimeout, MqttProtocol protocol) {

    @Override
    public String toString() {
        return "LinkSettings[name=" + name + ", serverUri=" + serverUri + ", clientId=" + clientId + ", username="
                + username + ", password=****, protocol=" + protocol + "]";
    }
}
