package org.quantrac.connectors.mqtt;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.quantrac.connectors.ingest.Ingestor;
import org.quantrac.connectors.mapper.PayloadFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the stations' MQTT topics through a shared subscription on a persistent session and hands each message to the
 * {@link Ingestor}. A message is acknowledged (PUBACK) only after Kafka acknowledged every record made from it; until
 * then the broker keeps it in our session and redelivers it after a reconnect, so a crash loses nothing.
 *
 * <p>Start completes once connected and subscribed; stop lets in-flight messages finish (bounded), then disconnects.
 */
public final class MqttConnectorVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(MqttConnectorVerticle.class);
    private static final long STOP_DRAIN_MS = 10_000;

    private final MqttConnectorSettings settings;
    private final Ingestor ingestor;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile MqttAsyncClient client;

    public MqttConnectorVerticle(MqttConnectorSettings settings, Ingestor ingestor) {
        this.settings = settings;
        this.ingestor = ingestor;
    }

    @Override
    public Future<?> start() throws MqttException {
        Promise<Void> ready = Promise.promise();
        String uri = settings.broker().serverUri();
        client = new MqttAsyncClient(uri, settings.clientId(), new MemoryPersistence());
        // Manual acks and the callback before connect: a redelivered message can arrive before connect returns.
        client.setManualAcks(true);
        client.setCallback(new Callback());
        client.connect(options(), null, new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                subscribe(ready);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable error) {
                ready.tryFail(new IllegalStateException("cannot connect to the MQTT broker " + uri + " as user '"
                        + settings.broker().username() + "' with client id " + settings.clientId() + ": "
                        + error.getMessage() + " (check connectors.mqtt.serverUri, username and password)", error));
            }
        });
        return ready.future().onFailure(e -> {
            stopping = true;
            vertx.executeBlocking(() -> {
                disconnect();
                return null;
            });
        }).onSuccess(v -> LOG.info("MQTT connector ready [broker: {}] [client: {}] [group: {}]",
                uri, settings.clientId(), settings.shareGroup()));
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

    private void subscribe(Promise<Void> ready) {
        StationTopic.Kind[] kinds = StationTopic.Kind.values();
        MqttSubscription[] subs = new MqttSubscription[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            subs[i] = new MqttSubscription(StationTopic.sharedFilter(settings.shareGroup(), kinds[i]), 1);
        }
        try {
            client.subscribe(subs, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    for (int i = 0; codes != null && i < codes.length; i++) {
                        if (codes[i] >= 0x80) {
                            ready.tryFail(new IllegalStateException("the MQTT broker refused the subscription "
                                    + subs[Math.min(i, subs.length - 1)].getTopic() + " (reason code " + codes[i]
                                    + "); does user '" + settings.broker().username() + "' may read stations/#?"));
                            return;
                        }
                    }
                    ready.tryComplete();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    ready.tryFail(new IllegalStateException("cannot subscribe to the station topics: "
                            + error.getMessage(), error));
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            ready.tryFail(new IllegalStateException("cannot subscribe to the station topics: " + e.getMessage(), e));
        }
    }

    /** Whether the broker connection is up now. */
    public boolean connected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected() && !stopping;
    }

    /** Messages received and not yet acknowledged. */
    public int inFlight() {
        return inFlight.get();
    }

    private void handle(String topic, MqttMessage message) {
        if (stopping) {
            return; // not acknowledged: the broker redelivers it to our session when we are back
        }
        StationTopic st = StationTopic.parse(topic).orElse(null);
        int id = message.getId();
        int qos = message.getQos();
        if (st == null) {
            ack(id, qos); // cannot be matched by our filters; nothing to keep
            return;
        }
        byte[] payload = message.getPayload();
        inFlight.incrementAndGet();
        // Off Paho's callback thread: a blocking Kafka send must not stall the MQTT keep-alive. Ordered, so a
        // station's messages reach Kafka in the order the broker delivered them.
        context.executeBlocking(() -> ingest(st, payload, topic), true)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        inFlight.decrementAndGet();
                        LOG.error("[station: {}] failed to ingest a message from {}; left unacknowledged",
                                st.code(), topic, ar.cause());
                        return;
                    }
                    ar.result().whenComplete((v, error) -> {
                        try {
                            if (error == null) {
                                ack(id, qos);
                            } else {
                                LOG.debug("[station: {}] not acknowledged: {}", st.code(), error.toString());
                            }
                        } finally {
                            inFlight.decrementAndGet();
                        }
                    });
                });
    }

    private CompletableFuture<?> ingest(StationTopic st, byte[] payload, String topic) {
        switch (st.kind()) {
            case DATA: return ingestor.ingest(st.code(), PayloadFormat.JSON, payload, topic);
            case TT10: return ingestor.ingest(st.code(), PayloadFormat.TT10, payload, topic);
            default: return ingestor.stationState(st.code(), payload, topic);
        }
    }

    private void ack(int id, int qos) {
        try {
            client.messageArrivedComplete(id, qos);
        } catch (MqttException e) {
            // Disconnected meanwhile: the broker redelivers, and the duplicate keeps its identity downstream.
            LOG.debug("cannot acknowledge message {}: {}", id, e.toString());
        }
    }

    @Override
    public Future<?> stop() {
        if (!stopped.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        stopping = true;
        Promise<Void> drained = Promise.promise();
        long deadline = System.currentTimeMillis() + STOP_DRAIN_MS;
        vertx.setPeriodic(20, timer -> {
            if (inFlight.get() == 0 || System.currentTimeMillis() > deadline) {
                vertx.cancelTimer(timer);
                drained.tryComplete();
            }
        });
        return drained.future().compose(v -> vertx.executeBlocking(() -> {
            disconnect();
            return null;
        }));
    }

    private void disconnect() {
        MqttAsyncClient c = client;
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnect(2_000).waitForCompletion(5_000);
            } else {
                c.disconnectForcibly(0, 1_000, false);
            }
        } catch (MqttException e) {
            LOG.debug("MQTT disconnect: {}", e.toString());
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT close: {}", e.toString());
        }
        LOG.info("MQTT connector stopped [client: {}] ({} messages left unacknowledged for redelivery)",
                settings.clientId(), inFlight.get());
    }

    private final class Callback implements MqttCallback {

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            handle(topic, message);
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect && !stopping) {
                LOG.info("MQTT reconnected [broker: {}] [client: {}]", serverUri, settings.clientId());
                // The session normally kept the subscriptions; subscribing again covers an expired session.
                subscribe(Promise.promise());
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (!stopping) {
                LOG.warn("MQTT connection lost [broker: {}]: {}; reconnecting", settings.broker().serverUri(),
                        response);
            }
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
