package org.quantrac.connectors.mqtt;

import java.time.Duration;
import java.util.Objects;
import org.quantrac.core.config.MqttConfig;

/**
 * How the MQTT connector meets the broker.
 *
 * @param clientId       fixed per replica: the broker keeps the persistent session (and unacknowledged messages) under it
 * @param shareGroup     replicas in the same group split the stations ({@code $share/<group>/…}); {@code none} with
 *                       one replica or with MQTT 3.1.1
 * @param sessionExpiry  how long the broker keeps the session while the connector is away (MQTT 5 only)
 * @param receiveMaximum unacknowledged messages we hold at most; the backpressure bound (MQTT 5 only; with 3.1.1 the
 *                       broker's own in-flight limit applies). Paho announces it to the broker; the HiveMQ client
 *                       announces the largest and enforces it itself (see HiveMqLink.RECEIVE_MAXIMUM)
 * @param protocol       MQTT 5 or 3.1.1
 * @param assignment     how replicas split the stations: through the share group, or statically by index
 * @param client         the MQTT client library ({@code connectors.mqtt.client}); HiveMQ for MQTT 5 only, Vert.x for
 *                       MQTT 3.1.1 only
 */
public record MqttConnectorSettings(MqttConfig broker, String clientId, String shareGroup, Duration sessionExpiry,
                                    int receiveMaximum, Duration keepAlive, MqttProtocol protocol,
                                    StationAssignment assignment, Client client) {

    /** The client library behind the {@link BrokerLink}. */
    public enum Client {
        /** HiveMQ's client on Netty (MQTT 5 only): the default with MQTT 5. */
        HIVEMQ,
        /** Eclipse Paho (MQTT 5 and 3.1.1): the default with MQTT 3.1.1. */
        PAHO,
        /** Vert.x MQTT on the verticle's event loop (MQTT 3.1.1 only): see docs/connectors.md for what it saves. */
        VERTX
    }

    public MqttConnectorSettings {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(shareGroup, "shareGroup");
        Objects.requireNonNull(sessionExpiry, "sessionExpiry");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(assignment, "assignment");
        Objects.requireNonNull(client, "client");
        if (client == Client.VERTX && protocol != MqttProtocol.V3_1_1) {
            throw new IllegalArgumentException("the Vert.x MQTT client speaks MQTT 3.1.1 only, not " + protocol);
        }
        if (client == Client.HIVEMQ && protocol != MqttProtocol.V5) {
            throw new IllegalArgumentException("the HiveMQ MQTT client is used for MQTT 5 only, not " + protocol);
        }
        if (receiveMaximum < 1 || receiveMaximum > 65535) {
            throw new IllegalArgumentException("receiveMaximum must be 1..65535: " + receiveMaximum);
        }
        if (protocol == MqttProtocol.V3_1_1 && assignment.mode() == StationAssignment.Mode.SHARED
                && !StationTopic.NO_SHARING.equals(shareGroup)) {
            throw new IllegalArgumentException("shared subscriptions need MQTT 5: shareGroup must be '"
                    + StationTopic.NO_SHARING + "' with MQTT 3.1.1, not '" + shareGroup + "'");
        }
    }

    /** With the protocol's default client: HiveMQ for MQTT 5, Paho for 3.1.1. */
    public MqttConnectorSettings(MqttConfig broker, String clientId, String shareGroup, Duration sessionExpiry,
                                 int receiveMaximum, Duration keepAlive, MqttProtocol protocol,
                                 StationAssignment assignment) {
        this(broker, clientId, shareGroup, sessionExpiry, receiveMaximum, keepAlive, protocol, assignment,
                defaultClient(protocol));
    }

    /** HiveMQ for MQTT 5, Paho for 3.1.1. */
    public static Client defaultClient(MqttProtocol protocol) {
        return protocol == MqttProtocol.V5 ? Client.HIVEMQ : Client.PAHO;
    }

    /** MQTT 5. */
    public MqttConnectorSettings(MqttConfig broker, String clientId, String shareGroup, Duration sessionExpiry,
                                 int receiveMaximum, Duration keepAlive) {
        this(broker, clientId, shareGroup, sessionExpiry, receiveMaximum, keepAlive, MqttProtocol.V5,
                StationAssignment.shared());
    }
}
