package org.quantrac.connectors.mqtt;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.TrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BrokerLink} over the Vert.x MQTT client (MQTT 3.1.1 only; {@code connectors.mqtt.client: vertx}): Netty
 * decodes each PUBLISH on the verticle's event loop with bulk copies, where Paho's receiver thread reads payloads byte
 * by byte (docs/connectors.md has the measured difference). Same session as {@link PahoV3Link}: clean session off under
 * the fixed client id, QoS 1, manual PUBACKs.
 *
 * <p>Vert.x leaves three things to us: reconnecting (it has no automatic reconnect), matching SUBACK/UNSUBACK to their
 * request (it reports them by packet id through one handler), and acknowledging safely. Every client call runs on one
 * context (the verticle's), so the replies, the held messages and the connection state change on one thread only.
 */
final class VertxMqttLink implements BrokerLink {

    private static final Logger LOG = LoggerFactory.getLogger(VertxMqttLink.class);
    private static final long FIRST_RETRY_MS = 1_000;
    /** Short for the same reason as in PahoV5Link: the stations are back within seconds of a broker restart. */
    private static final long MAX_RETRY_MS = 2_000;
    /** MQTT's largest packet: Netty's default decoder limit (8 KiB) would wedge the connection on a big payload. */
    private static final int MAX_PACKET_BYTES = 268_435_455;

    private final MqttConnectorSettings settings;
    private final Listener listener;
    private final Vertx vertx;
    private final Context context;
    private final MqttClient client;
    private final String host;
    private final int port;
    /**
     * The messages waiting for {@link #ack}, under ids of our own: a packet id is only valid on the connection that
     * delivered it (after a reconnect the broker reuses it), so a reply to an earlier connection must find nothing.
     */
    private final Map<Integer, MqttPublishMessage> held = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final Map<Integer, CompletableFuture<List<Integer>>> subscribing = new HashMap<>();
    private final Map<Integer, CompletableFuture<Void>> unsubscribing = new HashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean everConnected;

    VertxMqttLink(MqttConnectorSettings settings, Vertx vertx, Listener listener) {
        this.settings = settings;
        this.listener = listener;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        URI uri = URI.create(settings.broker().serverUri());
        host = uri.getHost();
        port = uri.getPort();
        MqttClientOptions o = new MqttClientOptions();
        o.setClientId(settings.clientId()).setCleanSession(false).setUsername(settings.broker().username())
                .setKeepAliveInterval((int) settings.keepAlive().toSeconds()).setMaxMessageSize(MAX_PACKET_BYTES);
        o.setAutoAck(false);
        o.setConnectTimeout(10_000);
        if (!settings.broker().password().isEmpty()) {
            o.setPassword(settings.broker().password());
        }
        if ("ssl".equals(uri.getScheme())) {
            // As Paho: the broker's certificate must name the host; our trust store when configured, else the JVM's.
            o.setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
            if (!settings.broker().trustStore().isEmpty()) {
                o.setTrustOptions(TrustOptions.wrap(MqttTls.trustManagers(settings.broker())));
            }
        }
        client = MqttClient.create(vertx, o);
        // Handlers before connect: a redelivered message can arrive right after the CONNACK.
        client.publishHandler(this::arrived)
                .subscribeCompletionHandler(ack -> reply(subscribing, ack.messageId(), ack.grantedQoSLevels()))
                .unsubscribeCompletionHandler(id -> reply(unsubscribing, id, null))
                .exceptionHandler(e -> LOG.debug("MQTT client error [broker: {}]: {}", uri, e.toString()))
                .closeHandler(v -> connectionClosed());
    }

    @Override
    public CompletableFuture<Void> connect() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> client.connect(port, host).onComplete(ar -> {
            if (ar.succeeded()) {
                everConnected = true;
                done.complete(null);
            } else {
                done.completeExceptionally(ar.cause());
            }
        }));
        return done;
    }

    @Override
    public CompletableFuture<Void> subscribe(List<String> filters) {
        Map<String, Integer> topics = new LinkedHashMap<>(); // SUBACK answers in the order of the request
        filters.forEach(f -> topics.put(f, 1));
        CompletableFuture<List<Integer>> granted = new CompletableFuture<>();
        context.runOnContext(v -> request(subscribing, granted, () -> client.subscribe(topics)));
        return granted.thenAccept(codes -> {
            for (int i = 0; i < codes.size(); i++) {
                if (codes.get(i) >= 0x80) {
                    throw new SubscriptionRefused(filters.get(Math.min(i, filters.size() - 1)), codes.get(i));
                }
            }
        });
    }

    @Override
    public CompletableFuture<Void> unsubscribe(List<String> filters) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> request(unsubscribing, done, () -> client.unsubscribe(filters)));
        return done;
    }

    /**
     * Sends a request and files its future under the packet id; on the context, the reply cannot be read before (a
     * Vert.x future completed on its own context calls back at once).
     */
    private <T> void request(Map<Integer, CompletableFuture<T>> pending, CompletableFuture<T> reply,
                             Supplier<Future<Integer>> send) {
        try {
            send.get().onComplete(ar -> {
                if (ar.succeeded()) {
                    pending.put(ar.result(), reply);
                } else {
                    reply.completeExceptionally(ar.cause());
                }
            });
        } catch (RuntimeException e) { // not connected: Vert.x has no socket to write to
            reply.completeExceptionally(new IllegalStateException("not connected to the MQTT broker", e));
        }
    }

    private static <T> void reply(Map<Integer, CompletableFuture<T>> pending, int id, T value) {
        CompletableFuture<T> f = pending.remove(id);
        if (f != null) {
            f.complete(value);
        }
    }

    private void arrived(MqttPublishMessage message) {
        int id = nextId.incrementAndGet();
        if (message.qosLevel().value() > 0) {
            held.put(id, message);
        }
        listener.message(message.topicName(), message.payload().getBytes(), id, message.qosLevel().value());
    }

    /**
     * Acknowledges on the context, where a reconnect forgets the held messages: so a PUBACK never reaches a later
     * connection under a packet id the broker has given to another message meanwhile.
     */
    @Override
    public boolean ack(int id, int qos) {
        if (qos == 0) {
            return true; // QoS 0 has no PUBACK
        }
        if (!held.containsKey(id) || !client.isConnected()) {
            held.remove(id);
            return false; // its connection is gone: the broker redelivers it
        }
        context.runOnContext(v -> {
            MqttPublishMessage m = held.remove(id);
            if (m != null && client.isConnected()) {
                m.ack();
            }
        });
        return true;
    }

    @Override
    public boolean connected() {
        return client.isConnected();
    }

    /** On the context: whatever the cause (broker, network, missed keep-alive), reconnect unless we are closing. */
    private void connectionClosed() {
        held.clear(); // redelivered on the next connection, under new packet ids
        IllegalStateException lost = new IllegalStateException("the MQTT connection closed");
        subscribing.values().forEach(f -> f.completeExceptionally(lost));
        unsubscribing.values().forEach(f -> f.completeExceptionally(lost));
        subscribing.clear();
        unsubscribing.clear();
        if (closed.get() || !everConnected) {
            return;
        }
        listener.lost("connection closed");
        reconnect(FIRST_RETRY_MS);
    }

    private void reconnect(long delayMs) {
        vertx.setTimer(delayMs, t -> {
            if (closed.get()) {
                return;
            }
            client.connect(port, host).onComplete(ar -> {
                if (ar.succeeded() && closed.get()) {
                    client.disconnect();
                } else if (ar.succeeded()) {
                    listener.reconnected(settings.broker().serverUri());
                } else if (!closed.get()) {
                    LOG.debug("MQTT reconnect failed [broker: {}]: {}", settings.broker().serverUri(),
                            ar.cause().toString());
                    reconnect(Math.min(delayMs * 2, MAX_RETRY_MS));
                }
            });
        });
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (client.isConnected()) {
                client.disconnect().onComplete(ar -> done.complete(null));
            } else {
                done.complete(null);
            }
        });
        if (Context.isOnEventLoopThread()) {
            return; // waiting here would block the very loop that sends the DISCONNECT
        }
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("MQTT disconnect: {}", e.toString());
        }
    }
}
