package org.quantrac.simulator.mqtt;

import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * {@link BrokerClient} over Paho's MQTT 3.1.1 client. 3.1.1 has no PUBACK reason codes: a broker that refuses a
 * publish (ACL) either acknowledges it anyway (Mosquitto) or never does (Moquette: the publish times out). What both
 * versions share is in {@link PahoCalls}.
 */
final class PahoV3Client implements BrokerClient {

    private static final PahoCalls<MqttException> PAHO =
            new PahoCalls<>(MqttException.class, MqttException::getReasonCode);

    private final MqttAsyncClient client;
    private volatile MqttConnectOptions options;

    PahoV3Client(String serverUri, String clientId) throws ClientException {
        this.client = PAHO.get(() -> new MqttAsyncClient(serverUri, clientId, new MemoryPersistence()));
    }

    @Override
    public void connect(Options o, Events events, Action done) throws ClientException {
        MqttConnectOptions c = new MqttConnectOptions();
        c.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        c.setUserName(o.username());
        c.setPassword(o.password().toCharArray());
        c.setCleanSession(true);
        c.setAutomaticReconnect(true);
        c.setMaxReconnectDelay(10_000);
        c.setKeepAliveInterval(o.keepAliveSeconds());
        c.setConnectionTimeout(o.connectTimeoutSeconds());
        // Paho's default of 10 publishes in flight would turn a larger window into 32202 retries.
        c.setMaxInflight(Math.max(10, o.maxInflight()));
        o.will().ifPresent(w -> c.setWill(w.topic(), w.payload(), PahoCalls.QOS, true));
        options = c;
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectionLost(Throwable cause) {
                events.connectionLost(String.valueOf(cause));
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // Publish-only connection.
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // Completion is handled per publish by its action listener.
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                PahoCalls.connectComplete(events, reconnect, serverUri);
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
                listener(token -> delivery.onAck(0), delivery::onFailure)));
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

    private static IMqttActionListener listener(Consumer<IMqttToken> success, Consumer<Throwable> failure) {
        return new IMqttActionListener() {
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
