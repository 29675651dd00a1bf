package org.quantrac.connectors.mqtt;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BrokerLink} over Paho's MQTT 3.1.1 client: clean session off (the broker keeps the session and its
 * subscriptions under our fixed client id, and how long is the broker's setting: 3.1.1 has no session expiry). There
 * is no receive maximum either: the broker's own in-flight limit per client (Mosquitto {@code max_inflight_messages})
 * bounds the unacknowledged messages we hold. The logic both versions share is in {@link PahoCalls}.
 */
final class PahoV3Link implements BrokerLink {

    private static final Logger LOG = LoggerFactory.getLogger(PahoV3Link.class);

    private final MqttConnectorSettings settings;
    private final Listener listener;
    private final MqttAsyncClient client;
    private boolean closed;

    PahoV3Link(MqttConnectorSettings settings, Listener listener) {
        this.settings = settings;
        this.listener = listener;
        client = PahoCalls.client(() -> new MqttAsyncClient(settings.broker().serverUri(), settings.clientId(),
                new MemoryPersistence()));
        // Manual acks and the callback before connect: a redelivered message can arrive before connect returns.
        client.setManualAcks(true);
        client.setCallback(new Callback());
    }

    @Override
    public CompletableFuture<Void> connect() {
        return PahoCalls.call(done -> client.connect(options(), null, listener(done, token -> null)));
    }

    private MqttConnectOptions options() {
        MqttConnectOptions o = new MqttConnectOptions();
        // Exactly 3.1.1: Paho's default would fall back to 3.1, whose brokers we have never tested.
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(false);
        o.setAutomaticReconnect(true);
        // Paho v3 retries after 1 s, doubling up to this; short for the same reason as in PahoV5Link.
        o.setMaxReconnectDelay(2_000);
        PahoCalls.commonOptions(settings, o::setUserName, password -> o.setPassword(password.toCharArray()),
                o::setKeepAliveInterval, o::setConnectionTimeout, o::setSocketFactory);
        return o;
    }

    @Override
    public CompletableFuture<Void> subscribe(List<String> filters) {
        String[] topics = filters.toArray(String[]::new);
        int[] qos = new int[topics.length];
        Arrays.fill(qos, 1);
        // Paho v3 reports a 0x80 return code of a single-filter SUBSCRIBE as a failure.
        return PahoCalls.subscribe(filters,
                granted -> client.subscribe(topics, qos, null, listener(granted, IMqttToken::getGrantedQos)));
    }

    @Override
    public CompletableFuture<Void> unsubscribe(List<String> filters) {
        return PahoCalls.call(done -> client.unsubscribe(filters.toArray(String[]::new), null,
                listener(done, token -> null)));
    }

    /** Completes {@code done} with what {@code result} reads from the finished call's token, or with its failure. */
    private static <T> IMqttActionListener listener(CompletableFuture<T> done, Function<IMqttToken, T> result) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                done.complete(result.apply(token));
            }

            @Override
            public void onFailure(IMqttToken token, Throwable error) {
                done.completeExceptionally(error);
            }
        };
    }

    @Override
    public boolean ack(int id, int qos) {
        return PahoCalls.ack(id, () -> client.messageArrivedComplete(id, qos), LOG);
    }

    @Override
    public boolean connected() {
        return client.isConnected();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        PahoCalls.close(client.isConnected(), () -> client.disconnect(2_000).waitForCompletion(5_000),
                () -> client.disconnectForcibly(0, 1_000, false), () -> client.close(true), LOG);
    }

    private final class Callback implements MqttCallbackExtended {

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            listener.message(topic, message.getPayload(), message.getId(), message.getQos());
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            PahoCalls.connectComplete(listener, reconnect, serverUri);
        }

        @Override
        public void connectionLost(Throwable cause) {
            listener.lost(String.valueOf(cause));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // We publish nothing.
        }
    }
}
