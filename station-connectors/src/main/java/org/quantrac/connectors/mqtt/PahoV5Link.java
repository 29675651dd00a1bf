package org.quantrac.connectors.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

/** {@link BrokerLink} over Paho's MQTT 5 client: clean start off, session expiry, receive maximum. */
final class PahoV5Link implements BrokerLink {

    private static final Logger LOG = LoggerFactory.getLogger(PahoV5Link.class);

    private final MqttConnectorSettings settings;
    private final Listener listener;
    private final MqttAsyncClient client;
    private boolean closed;

    PahoV5Link(MqttConnectorSettings settings, Listener listener) {
        this.settings = settings;
        this.listener = listener;
        try {
            client = new MqttAsyncClient(settings.broker().serverUri(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create the MQTT client: " + e.getMessage(), e);
        }
        // Manual acks and the callback before connect: a redelivered message can arrive before connect returns.
        client.setManualAcks(true);
        client.setCallback(new Callback());
    }

    @Override
    public CompletableFuture<Void> connect() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.connect(options(), null, listener(done));
        } catch (MqttException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(settings.broker().username());
        if (!settings.broker().password().isEmpty()) {
            o.setPassword(settings.broker().password().getBytes(StandardCharsets.UTF_8));
        }
        o.setCleanStart(false);
        o.setSessionExpiryInterval(settings.sessionExpiry().toSeconds());
        o.setAutomaticReconnect(true);
        // Retry every 1-2 s: after a broker restart the stations are back within seconds, and until we have
        // re-subscribed a shared subscription receives nothing (StationTopic.NO_SHARING explains the Mosquitto bug).
        o.setAutomaticReconnectDelay(1, 2);
        o.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        o.setConnectionTimeout(10);
        o.setReceiveMaximum(settings.receiveMaximum());
        if (!settings.broker().trustStore().isEmpty()) {
            o.setSocketFactory(MqttTls.socketFactory(settings.broker()));
        }
        return o;
    }

    @Override
    public CompletableFuture<Void> subscribe(List<String> filters) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        MqttSubscription[] subs = filters.stream().map(f -> new MqttSubscription(f, 1))
                .toArray(MqttSubscription[]::new);
        try {
            client.subscribe(subs, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    for (int i = 0; codes != null && i < codes.length; i++) {
                        if (codes[i] >= 0x80) {
                            done.completeExceptionally(new SubscriptionRefused(
                                    filters.get(Math.min(i, filters.size() - 1)), codes[i]));
                            return;
                        }
                    }
                    done.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    done.completeExceptionally(error);
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public CompletableFuture<Void> unsubscribe(List<String> filters) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.unsubscribe(filters.toArray(String[]::new), null, listener(done), new MqttProperties());
        } catch (MqttException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    private static MqttActionListener listener(CompletableFuture<Void> done) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                done.complete(null);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable error) {
                done.completeExceptionally(error);
            }
        };
    }

    @Override
    public boolean ack(int id, int qos) {
        try {
            client.messageArrivedComplete(id, qos);
            return true;
        } catch (MqttException e) {
            LOG.debug("cannot acknowledge message {}: {}", id, e.toString());
            return false;
        }
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
        try {
            if (client.isConnected()) {
                client.disconnect(2_000).waitForCompletion(5_000);
            } else {
                client.disconnectForcibly(0, 1_000, false);
            }
        } catch (MqttException e) {
            LOG.debug("MQTT disconnect: {}", e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT close: {}", e.toString());
        }
    }

    private final class Callback implements MqttCallback {

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            listener.message(topic, message.getPayload(), message.getId(), message.getQos());
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect) {
                listener.reconnected(serverUri);
            }
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
