package org.quantrac.simulator.mqtt;

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
 * publish (ACL) either acknowledges it anyway (Mosquitto) or never does (Moquette: the publish times out).
 */
final class PahoV3Client implements BrokerClient {

    private static final int QOS = 1;

    private final MqttAsyncClient client;
    private volatile MqttConnectOptions options;

    PahoV3Client(String serverUri, String clientId) throws ClientException {
        try {
            this.client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw wrap(e);
        }
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
        o.will().ifPresent(w -> c.setWill(w.topic(), w.payload(), QOS, true));
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
                if (reconnect) {
                    events.reconnected(serverUri);
                }
            }
        });
        reconnect(done);
    }

    @Override
    public void reconnect(Action done) throws ClientException {
        try {
            client.connect(options, null, listener(done));
        } catch (MqttException e) {
            throw wrap(e);
        }
    }

    @Override
    public void publish(String topic, byte[] payload, boolean retained, Delivery delivery) throws ClientException {
        try {
            client.publish(topic, payload, QOS, retained, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    delivery.onAck(0);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    delivery.onFailure(e);
                }
            });
        } catch (MqttException e) {
            throw wrap(e);
        }
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void disconnect(long timeoutMillis) throws ClientException {
        try {
            client.disconnect(timeoutMillis).waitForCompletion(timeoutMillis);
        } catch (MqttException e) {
            throw wrap(e);
        }
    }

    @Override
    public void disconnectForcibly() throws ClientException {
        try {
            client.disconnectForcibly(0, 1, false);
        } catch (MqttException e) {
            throw wrap(e);
        }
    }

    @Override
    public void close() throws ClientException {
        try {
            client.close(true);
        } catch (MqttException e) {
            throw wrap(e);
        }
    }

    private static IMqttActionListener listener(Action done) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                done.onSuccess();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                done.onFailure(e);
            }
        };
    }

    private static ClientException wrap(MqttException e) {
        return new ClientException(e.getReasonCode(), e.getMessage(), e);
    }
}
