package org.quantrac.connectors.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BrokerLink} over Paho's MQTT 5 client: clean start off, session expiry, receive maximum. The logic both
 * versions share is in {@link PahoCalls}.
 */
final class PahoV5Link implements BrokerLink {

    private static final Logger LOG = LoggerFactory.getLogger(PahoV5Link.class);

    private final MqttConnectorSettings settings;
    private final Listener listener;
    private final MqttAsyncClient client;
    private boolean closed;

    PahoV5Link(MqttConnectorSettings settings, Listener listener) {
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

    private MqttConnectionOptions options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(settings.sessionExpiry().toSeconds());
        o.setAutomaticReconnect(true);
        // Retry every 1-2 s: after a broker restart the stations are back within seconds, and until we have
        // re-subscribed a shared subscription receives nothing (StationTopic.NO_SHARING explains the Mosquitto bug).
        o.setAutomaticReconnectDelay(1, 2);
        o.setReceiveMaximum(settings.receiveMaximum());
        PahoCalls.commonOptions(settings, o::setUserName,
                password -> o.setPassword(password.getBytes(StandardCharsets.UTF_8)), o::setKeepAliveInterval,
                o::setConnectionTimeout, o::setSocketFactory);
        return o;
    }

    @Override
    public CompletableFuture<Void> subscribe(List<String> filters) {
        MqttSubscription[] subs = filters.stream().map(f -> new MqttSubscription(f, 1))
                .toArray(MqttSubscription[]::new);
        return PahoCalls.subscribe(filters, codes -> client.subscribe(subs, null,
                listener(codes, IMqttToken::getReasonCodes), new MqttProperties()));
    }

    @Override
    public CompletableFuture<Void> unsubscribe(List<String> filters) {
        return PahoCalls.call(done -> client.unsubscribe(filters.toArray(String[]::new), null,
                listener(done, token -> null), new MqttProperties()));
    }

    /** Completes {@code done} with what {@code result} reads from the finished call's token, or with its failure. */
    private static <T> MqttActionListener listener(CompletableFuture<T> done, Function<IMqttToken, T> result) {
        return new MqttActionListener() {
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

    private final class Callback implements MqttCallback {

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            listener.message(topic, message.getPayload(), message.getId(), message.getQos());
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            PahoCalls.connectComplete(listener, reconnect, serverUri);
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            listener.lost(String.valueOf(response));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("MQTT error [broker: {}]: {}", settings.broker().serverUri(), exception.toString());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // We publish nothing.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication.
        }
    }
}
