package org.quantrac.simulator.mqtt;

import java.util.Optional;

/**
 * The few things a simulator connection needs from an MQTT client, so that {@link MqttLink} and {@link PublishWindow}
 * work the same over MQTT 5 and MQTT 3.1.1 (Paho ships them as two unrelated clients) and over Vert.x MQTT (3.1.1).
 * Failures of a call are {@link ClientException}s with Paho's client reason codes, which are the same numbers in both
 * Paho clients; {@link VertxClient} reports its failures with the same codes. {@link BrokerClients} makes them.
 */
interface BrokerClient {

    /**
     * @param will the retained last will (topic and payload), if the connection is a station's
     */
    record Options(String username, String password, Optional<Will> will, int keepAliveSeconds,
                   int connectTimeoutSeconds, int maxInflight) {
    }

    record Will(String topic, byte[] payload) {
    }

    /** What the connection tells its owner. */
    interface Events {
        /** The connection went (broker gone, network, a forced disconnect). */
        void connectionLost(String why);

        /** Connected again by the automatic reconnect. */
        void reconnected(String serverUri);
    }

    interface Action {
        void onSuccess();

        void onFailure(Throwable e);
    }

    interface Delivery {
        /** The broker acknowledged the publish; {@code reasonCode} ≥ 0x80 is a refusal (MQTT 5 only; 3.1.1: 0). */
        void onAck(int reasonCode);

        void onFailure(Throwable e);
    }

    /** A client call that could not start; {@link #reasonCode()} is Paho's. */
    final class ClientException extends Exception {
        static final int MAX_INFLIGHT = 32202;
        static final int NOT_CONNECTED = 32104;
        static final int CONNECTION_LOST = 32109;
        static final int CONNECT_IN_PROGRESS = 32110;
        static final int DISCONNECTING = 32102;
        static final int CLIENT_CLOSED = 32111;
        private static final long serialVersionUID = 1L;
        private final int reasonCode;

        ClientException(int reasonCode, String message, Throwable cause) {
            super(message, cause);
            this.reasonCode = reasonCode;
        }

        int reasonCode() {
            return reasonCode;
        }
    }

    /** Connects (clean session, QoS 1 will retained) and keeps reconnecting by itself after a loss. */
    void connect(Options options, Events events, Action done) throws ClientException;

    /** Connects again with the options of {@link #connect} (after {@link #disconnectForcibly()}). */
    void reconnect(Action done) throws ClientException;

    /**
     * Whether {@link #publish} may be called from this client's own callbacks ({@link Delivery}) without stalling
     * them. Paho's may not (its callback thread also delivers the acknowledgements); a Netty client's callbacks run
     * on its event loop, where a publish is written at once and written out with the acknowledgements just read.
     */
    default boolean publishesFromCallbacks() {
        return false;
    }

    /** QoS 1 publish. */
    void publish(String topic, byte[] payload, boolean retained, Delivery delivery) throws ClientException;

    boolean isConnected();

    /** A clean DISCONNECT, waiting at most {@code timeoutMillis}. */
    void disconnect(long timeoutMillis) throws ClientException;

    /** Drops the connection without a DISCONNECT packet: the broker publishes the will. */
    void disconnectForcibly() throws ClientException;

    void close() throws ClientException;
}
