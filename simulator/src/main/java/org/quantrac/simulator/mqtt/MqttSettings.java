package org.quantrac.simulator.mqtt;

import java.time.Duration;

/**
 * How the simulator talks to the broker.
 *
 * @param clientIdPrefix     client ids are {@code prefix-STATION} (or {@code prefix-gw-N}); unique per run
 * @param window             QoS 1 publishes in flight per connection (Mosquitto's receive maximum is 20)
 * @param gatewayUser        the user of multiplexed mode (may write all of {@code stations/#})
 * @param gatewayConnections connections in multiplexed mode
 * @param protocol           MQTT 5 (default) or 3.1.1 ({@code simulator.mqtt.protocolVersion} 5 or 3)
 * @param observationsPerMessage up to this many consecutive observations of a station in one message (1 = each alone)
 * @param client             the client library: Paho (default) or Vert.x, which speaks MQTT 3.1.1 only
 */
public record MqttSettings(String serverUri, String clientIdPrefix, int window, String gatewayUser,
                           int gatewayConnections, Duration connectTimeout, Duration publishTimeout,
                           MqttProtocol protocol, int observationsPerMessage, MqttClientLibrary client) {
}
