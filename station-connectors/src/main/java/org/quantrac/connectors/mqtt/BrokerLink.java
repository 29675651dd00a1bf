package org.quantrac.connectors.mqtt;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The connector's one connection to the broker, whatever the protocol version: a persistent session under a fixed
 * client id, QoS 1 subscriptions, manual acknowledgements and automatic reconnection. Everything specific to the
 * client library lives in the implementations (HiveMQ v5, Paho v5, Paho v3.1.1, Vert.x 3.1.1), so that the verticle's
 * ack-after-Kafka, backpressure and reconnect logic exists once.
 */
interface BrokerLink {

    /** What the link reports; called on the client library's threads. */
    interface Listener {

        /** A message to be acknowledged with {@link #ack} once it is safe (or never: the broker redelivers it). */
        void message(String topic, byte[] payload, int id, int qos);

        /** The connection came back after a loss (the session, and normally its subscriptions, were kept). */
        void reconnected(String serverUri);

        /** The connection was lost; the link is reconnecting by itself. */
        void lost(String cause);
    }

    /** Connects with the listener installed first (a redelivered message can arrive before connect completes). */
    CompletableFuture<Void> connect();

    /**
     * Subscribes to the filters with QoS 1; fails with {@link SubscriptionRefused} when the broker refuses one of them.
     */
    CompletableFuture<Void> subscribe(List<String> filters);

    /** Removes subscriptions this session may still hold (unknown filters are fine). */
    CompletableFuture<Void> unsubscribe(List<String> filters);

    /** Acknowledges a message (PUBACK); false when that is not possible now (disconnected: it will be redelivered). */
    boolean ack(int id, int qos);

    boolean connected();

    /** Disconnects (politely when connected) and releases the client; idempotent. */
    void close();

    /** {@code vertx}: for the Vert.x client, which runs on the calling verticle's context. */
    static BrokerLink create(MqttConnectorSettings settings, Vertx vertx, Listener listener) {
        if (settings.client() == MqttConnectorSettings.Client.VERTX) {
            return new VertxMqttLink(settings, vertx, listener);
        }
        if (settings.client() == MqttConnectorSettings.Client.HIVEMQ) {
            return new HiveMqLink(settings, listener);
        }
        return settings.protocol() == MqttProtocol.V5 ? new PahoV5Link(settings, listener)
                : new PahoV3Link(settings, listener);
    }

    /** The broker answered a subscription with a failure code (typically: the ACL does not let us read). */
    final class SubscriptionRefused extends RuntimeException {

        private static final long serialVersionUID = 1L;

        SubscriptionRefused(String filter, int code) {
            super("the MQTT broker refused the subscription " + filter + " (reason code " + code + ")");
        }
    }
}
