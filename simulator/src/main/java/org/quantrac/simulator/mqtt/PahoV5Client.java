package org.quantrac.simulator.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link BrokerClient} over Paho's MQTT 5 client. What both versions share is in {@link PahoCalls}. */
final class PahoV5Client implements BrokerClient {

    private static final Logger LOG = LoggerFactory.getLogger(PahoV5Client.class);
    private static final PahoCalls<MqttException> PAHO =
            new PahoCalls<>(MqttException.class, MqttException::getReasonCode);

    private final MqttAsyncClient client;
    private volatile MqttConnectionOptions options;

    PahoV5Client(String serverUri, String clientId) throws ClientException {
        this.client = PAHO.get(() -> new MqttAsyncClient(serverUri, clientId, new MemoryPersistence()));
    }

    @Override
    public void connect(Options o, Events events, Action done) throws ClientException {
        MqttConnectionOptions c = new MqttConnectionOptions();
        c.setUserName(o.username());
        c.setPassword(o.password().getBytes(StandardCharsets.UTF_8));
        c.setCleanStart(true);
        c.setAutomaticReconnect(true);
        c.setAutomaticReconnectDelay(1, 10);
        c.setKeepAliveInterval(o.keepAliveSeconds());
        c.setConnectionTimeout(o.connectTimeoutSeconds());
        o.will().ifPresent(w -> c.setWill(w.topic(),
                new MqttMessage(w.payload(), PahoCalls.QOS, true, new MqttProperties())));
        options = c;
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                events.connectionLost(String.valueOf(response));
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
                LOG.warn("[mqtt: {}] protocol error: {}", client.getClientId(), e.getMessage());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // Publish-only connection.
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // Completion is handled per publish by its action listener.
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                PahoCalls.connectComplete(events, reconnect, serverUri);
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // No enhanced authentication.
            }
        });
        reconnect(done);
    }

    @Override
    public void reconnect(Action done) throws ClientException {
        PAHO.run(() -> client.connect(options, null, listener(token -> done.onSuccess(), done::onFailure)));
    }

    @Override
    public void publish(String topic, byte[] payload, boolean retained, Delivery delivery) throws ClientException {
        PAHO.run(() -> client.publish(topic, payload, PahoCalls.QOS, retained, null,
                listener(token -> delivery.onAck(firstReasonCode(token)), delivery::onFailure)));
    }

    /** The PUBACK's reason code; 0 (success) when the broker sent none. */
    private static int firstReasonCode(IMqttToken token) {
        int[] codes = token.getReasonCodes();
        return codes != null && codes.length > 0 ? codes[0] : 0;
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void disconnect(long timeoutMillis) throws ClientException {
        PAHO.run(() -> client.disconnect(timeoutMillis).waitForCompletion(timeoutMillis));
    }

    @Override
    public void disconnectForcibly() throws ClientException {
        PAHO.run(() -> client.disconnectForcibly(0, 1, false));
    }

    @Override
    public void close() throws ClientException {
        PAHO.run(() -> client.close(true));
    }

    private static MqttActionListener listener(Consumer<IMqttToken> success, Consumer<Throwable> failure) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                success.accept(token);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                failure.accept(e);
            }
        };
    }
}
