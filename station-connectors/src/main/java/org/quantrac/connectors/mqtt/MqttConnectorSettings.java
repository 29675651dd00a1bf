package org.quantrac.connectors.mqtt;

import java.time.Duration;
import java.util.Objects;
import org.quantrac.core.config.MqttConfig;

/**
 * How the MQTT connector meets the broker.
 *
 * @param clientId       fixed per replica: the broker keeps the persistent session (and unacknowledged messages) under it
 * @param shareGroup     replicas in the same group split the stations ({@code $share/<group>/…})
 * @param sessionExpiry  how long the broker keeps the session while the connector is away
 * @param receiveMaximum unacknowledged messages the broker may have outstanding with us; the backpressure bound
 */
public record MqttConnectorSettings(MqttConfig broker, String clientId, String shareGroup, Duration sessionExpiry,
                                    int receiveMaximum, Duration keepAlive) {

    public MqttConnectorSettings {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(shareGroup, "shareGroup");
        Objects.requireNonNull(sessionExpiry, "sessionExpiry");
        Objects.requireNonNull(keepAlive, "keepAlive");
        if (receiveMaximum < 1 || receiveMaximum > 65535) {
            throw new IllegalArgumentException("receiveMaximum must be 1..65535: " + receiveMaximum);
        }
    }
}
