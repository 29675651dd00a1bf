package org.quantrac.simulator.mqtt;

import java.nio.charset.StandardCharsets;
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

/** {@link BrokerClient} over Paho's MQTT 5 client. */
final class PahoV5Client implements BrokerClient {

    private static final Logger LOG = LoggerFactory.getLogger(PahoV5Client.class);
    private static final int QOS = 1;

    private final MqttAsyncClient client;
    private volatile MqttConnectionOptions options;

    PahoV5Client(String serverUri, String clientId) throws ClientException {
        try {
            this.client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw wrap(e);
        }
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
        o.will().ifPresent(w -> c.setWill(w.topic(), new MqttMessage(w.payload(), QOS, true, new MqttProperties())));
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
                if (reconnect) {
                    events.reconnected(serverUri);
                }
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
        try {
            client.connect(options, null, listener(done));
        } catch (MqttException e) {
            throw wrap(e);
        }
    }

    @Override
    public void publish(String topic, byte[] payload, boolean retained, Delivery delivery) throws ClientException {
        try {
            client.publish(topic, payload, QOS, retained, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    delivery.onAck(codes != null && codes.length > 0 ? codes[0] : 0);
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

    private static MqttActionListener listener(Action done) {
        return new MqttActionListener() {
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
