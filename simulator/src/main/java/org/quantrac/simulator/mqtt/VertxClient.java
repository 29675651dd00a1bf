package org.quantrac.simulator.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.MqttConnectionException;
import io.vertx.mqtt.MqttException;
import java.lang.reflect.Field;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BrokerClient} over the Vert.x MQTT client (MQTT 3.1.1 only; {@code simulator.mqtt.client: vertx}): Netty
 * encodes each PUBLISH and decodes each PUBACK on an event loop, where Paho hands both across three threads per
 * connection. Same session as {@link PahoV3Client}: clean session, QoS 1, the retained QoS 1 will.
 *
 * <p>Vert.x leaves four things to us. <b>Reconnecting</b>: it has none; after a loss we connect again every 1 s, then
 * up to every 10 s, as Paho does. <b>Matching PUBACKs</b>: it reports them by packet id through one handler.
 * <b>Forgetting a dead connection</b>: it keeps its count of unacknowledged publishes (and their packet ids) across
 * connections, so that every connection gets a new {@link MqttClient}, and what was in flight on the old one fails
 * with it. <b>Dropping without DISCONNECT</b> (the broker then publishes the will): it has no call for that; we close
 * its socket (see {@link #dropSocket}). Every client call runs on one context, so the connection state and the
 * publishes awaiting their PUBACK change on one thread only; callers on other threads only hand work over.
 */
final class VertxClient implements BrokerClient {

    private static final Logger LOG = LoggerFactory.getLogger(VertxClient.class);
    private static final long FIRST_RETRY_MS = 1_000;
    private static final long MAX_RETRY_MS = 10_000;
    /** How long a caller waits for a disconnect to finish (Paho's calls are synchronous too). */
    private static final long CLOSE_WAIT_MS = 5_000;
    /**
     * Room above the publish window in Vert.x's own in-flight count: it still counts a publish the window gave up on
     * (no PUBACK within the publish timeout) until that connection ends.
     */
    private static final int INFLIGHT_HEADROOM = 256;
    /** Vert.x's socket of a connection: closing it drops the connection without a DISCONNECT packet. */
    private static final Field SOCKET = socketField();

    private final Vertx vertx;
    private final Context context;
    private final String serverUri;
    private final String clientId;
    private final String host;
    private final int port;
    private final boolean ssl;
    private MqttClientOptions mqttOptions;
    private Events events;
    private long connectTimeoutMillis;

    // Confined to the context.
    /** The connection being made, or null. */
    private Connection connecting;
    /** Keep (or get) connected: false after a disconnect of ours, until reconnect. */
    private boolean wanted;
    private long retryTimer = -1;

    /** The connected connection, or null; read by callers on any thread. */
    private volatile Connection live;
    private volatile boolean closed;

    /** One MQTT connection: its own Vert.x client, and its publishes awaiting a PUBACK by packet id. */
    private static final class Connection {
        final MqttClient mqtt;
        final Map<Integer, Delivery> awaiting = new HashMap<>();
        /** PUBACKs handled before the publish's write completed (so before its packet id was known here). */
        final Set<Integer> earlyAcks = new HashSet<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        boolean established;
        /** Closed by us (disconnect, drop, close): not a loss to report or to reconnect after. */
        boolean ours;

        Connection(MqttClient mqtt) {
            this.mqtt = mqtt;
        }
    }

    /** @param context the event loop the client lives on */
    VertxClient(Vertx vertx, Context context, String serverUri, String clientId, MqttProtocol protocol) {
        if (protocol != MqttProtocol.V3_1_1) {
            throw new IllegalArgumentException("the Vert.x MQTT client speaks MQTT 3.1.1 only, not " + protocol);
        }
        URI uri = URI.create(serverUri);
        if (!"tcp".equals(uri.getScheme()) && !"ssl".equals(uri.getScheme())) {
            throw new IllegalArgumentException("the Vert.x MQTT client supports tcp:// and ssl:// only: " + serverUri);
        }
        this.vertx = vertx;
        this.context = context;
        this.serverUri = serverUri;
        this.clientId = clientId;
        this.host = uri.getHost();
        this.port = uri.getPort();
        this.ssl = "ssl".equals(uri.getScheme());
    }

    @Override
    public void connect(Options o, Events events, Action done) throws ClientException {
        MqttClientOptions m = new MqttClientOptions();
        m.setClientId(clientId).setCleanSession(true).setUsername(o.username())
                .setKeepAliveInterval(o.keepAliveSeconds())
                .setMaxInflightQueue(Math.max(10, o.maxInflight()) + INFLIGHT_HEADROOM);
        m.setConnectTimeout((int) TimeUnit.SECONDS.toMillis(o.connectTimeoutSeconds()));
        if (!o.password().isEmpty()) {
            m.setPassword(o.password());
        }
        o.will().ifPresent(w -> m.setWillFlag(true).setWillTopic(w.topic())
                .setWillMessageBytes(Buffer.buffer(w.payload())).setWillQoS(PahoCalls.QOS).setWillRetain(true));
        if (ssl) {
            // As Paho with ssl://: the JVM's trust store, and the broker's certificate must name the host.
            m.setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
        }
        this.mqttOptions = m;
        this.events = events;
        this.connectTimeoutMillis = TimeUnit.SECONDS.toMillis(o.connectTimeoutSeconds());
        reconnect(done);
    }

    @Override
    public void reconnect(Action done) throws ClientException {
        onContext(() -> {
            if (closed) {
                done.onFailure(failure(ClientException.CLIENT_CLOSED, "client closed", null));
            } else if (live != null) {
                done.onSuccess();
            } else if (connecting != null) {
                done.onFailure(failure(ClientException.CONNECT_IN_PROGRESS, "connect already in progress", null));
            } else {
                wanted = true;
                cancelRetry();
                attempt(e -> {
                    if (e == null) {
                        done.onSuccess();
                    } else {
                        done.onFailure(e);
                    }
                });
            }
        });
    }

    /** On the context: one connect, reporting null on success or the failure. */
    private void attempt(Consumer<Throwable> result) {
        Connection c = new Connection(MqttClient.create(vertx, mqttOptions));
        connecting = c;
        c.mqtt.publishCompletionHandler(id -> acknowledged(c, id))
                .exceptionHandler(e -> LOG.debug("[mqtt: {}] client error: {}", clientId, e.toString()))
                .closeHandler(v -> ended(c));
        // The TCP connect has its own timeout; this one also covers a broker that never answers CONNECT.
        long timeout = vertx.setTimer(connectTimeoutMillis + 1_000, t -> {
            if (!c.established) {
                c.ours = true;
                c.mqtt.disconnect();
            }
        });
        c.mqtt.connect(port, host).onComplete(ar -> {
            vertx.cancelTimer(timeout);
            if (connecting == c) {
                connecting = null;
            }
            if (ar.failed()) {
                c.ended.complete(null); // no close handler follows a TCP connect that failed
                result.accept(connectFailure(ar.cause()));
            } else if (closed || !wanted || c.ours) {
                c.ours = true;
                c.mqtt.disconnect();
                result.accept(failure(ClientException.NOT_CONNECTED, "disconnected while connecting", null));
            } else {
                c.established = true;
                live = c;
                result.accept(null);
            }
        });
    }

    private Throwable connectFailure(Throwable cause) {
        if (cause instanceof MqttConnectionException refused) {
            return failure(ClientException.NOT_CONNECTED, "broker refused the connection: " + refused.code(), cause);
        }
        return failure(ClientException.NOT_CONNECTED, "cannot connect to " + serverUri + ": " + cause.getMessage(),
                cause);
    }

    /** On the context, whatever closed the connection (broker, network, missed keep-alive, us). */
    private void ended(Connection c) {
        if (live == c) {
            live = null;
        }
        List<Delivery> lost = List.copyOf(c.awaiting.values());
        c.awaiting.clear();
        ClientException why = failure(ClientException.CONNECTION_LOST, "connection lost", null);
        lost.forEach(d -> d.onFailure(why));
        c.ended.complete(null);
        if (!c.established || c.ours || closed) {
            return;
        }
        events.connectionLost("connection closed by the broker or the network");
        if (wanted) {
            retry(FIRST_RETRY_MS);
        }
    }

    private void retry(long delayMillis) {
        retryTimer = vertx.setTimer(delayMillis, t -> {
            retryTimer = -1;
            if (closed || !wanted || live != null || connecting != null) {
                return;
            }
            attempt(e -> {
                if (e == null) {
                    events.reconnected(serverUri);
                } else if (wanted && !closed) {
                    LOG.debug("[mqtt: {}] reconnect failed: {}", clientId, e.getMessage());
                    retry(Math.min(delayMillis * 2, MAX_RETRY_MS));
                }
            });
        });
    }

    private void cancelRetry() {
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
            retryTimer = -1;
        }
    }

    @Override
    public void publish(String topic, byte[] payload, boolean retained, Delivery delivery) throws ClientException {
        if (closed) {
            throw failure(ClientException.CLIENT_CLOSED, "client closed", null);
        }
        if (live == null) {
            throw failure(ClientException.NOT_CONNECTED, "not connected", null);
        }
        if (Vertx.currentContext() == context) {
            send(topic, payload, retained, delivery); // from our own callback: no hand-over, and one flush per read
        } else {
            onContext(() -> send(topic, payload, retained, delivery));
        }
    }

    @Override
    public boolean publishesFromCallbacks() {
        return true;
    }

    /** On the context: the PUBLISH, then its delivery waits under its packet id for the PUBACK. */
    private void send(String topic, byte[] payload, boolean retained, Delivery delivery) {
        Connection c = live;
        if (c == null) {
            delivery.onFailure(failure(ClientException.NOT_CONNECTED, "not connected", null));
            return;
        }
        Future<Integer> sent;
        try {
            sent = c.mqtt.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, retained);
        } catch (RuntimeException e) { // the connection went just now: Vert.x has no socket to write to
            delivery.onFailure(failure(ClientException.NOT_CONNECTED, "not connected", e));
            return;
        }
        sent.onComplete(ar -> {
            if (ar.failed()) {
                delivery.onFailure(publishFailure(ar.cause()));
            } else if (c.ended.isDone()) {
                delivery.onFailure(failure(ClientException.CONNECTION_LOST, "connection lost", null));
            } else if (c.earlyAcks.remove(ar.result())) {
                delivery.onAck(0);
            } else {
                c.awaiting.put(ar.result(), delivery);
            }
        });
    }

    private static ClientException publishFailure(Throwable cause) {
        if (cause instanceof MqttException e && e.code() == MqttException.MQTT_INFLIGHT_QUEUE_FULL) {
            return failure(ClientException.MAX_INFLIGHT, e.getMessage(), e);
        }
        if (cause instanceof MqttException e) {
            return failure(0, e.getMessage(), e); // an invalid topic: sending again cannot help
        }
        return failure(ClientException.CONNECTION_LOST, "publish not written: " + cause, cause);
    }

    /** On the context: a PUBACK (Vert.x reports only those of publishes it has in flight). */
    private static void acknowledged(Connection c, int packetId) {
        Delivery d = c.awaiting.remove(packetId);
        if (d != null) {
            d.onAck(0); // MQTT 3.1.1 PUBACKs carry no reason code
        } else {
            c.earlyAcks.add(packetId);
        }
    }

    @Override
    public boolean isConnected() {
        return live != null;
    }

    @Override
    public void disconnect(long timeoutMillis) throws ClientException {
        end(c -> c.mqtt.disconnect(), timeoutMillis);
    }

    @Override
    public void disconnectForcibly() throws ClientException {
        end(this::dropSocket, CLOSE_WAIT_MS);
    }

    @Override
    public void close() throws ClientException {
        if (closed) {
            return;
        }
        closed = true;
        // As Paho's close(force): a connection still up is dropped, not disconnected cleanly.
        end(this::dropSocket, CLOSE_WAIT_MS);
    }

    /** Stops reconnecting, ends the connection (or the connect in progress) as given, and waits for its end. */
    private void end(Consumer<Connection> how, long timeoutMillis) throws ClientException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            onContext(() -> {
                wanted = false;
                cancelRetry();
                Connection c = live != null ? live : connecting;
                live = null;
                if (c == null) {
                    done.complete(null);
                    return;
                }
                c.ours = true;
                c.ended.whenComplete((v, e) -> done.complete(null));
                how.accept(c);
            });
        } catch (ClientException e) {
            return; // Vert.x is closed already: so is every connection
        }
        if (Context.isOnEventLoopThread()) {
            return; // waiting here could block the very loop that closes the connection
        }
        try {
            done.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("[mqtt: {}] disconnect not finished within {} ms: {}", clientId, timeoutMillis, e.toString());
        }
    }

    /**
     * Closes the connection's socket: no DISCONNECT packet, so the broker publishes the will, as after a power cut.
     * Vert.x has no call for it (its {@code disconnect()} always sends DISCONNECT while connected), so we reach its
     * socket. Should a later Vert.x hide it, the connection is closed cleanly instead ({@link #socketField} warns).
     */
    private void dropSocket(Connection c) {
        Object socket = null;
        if (SOCKET != null && SOCKET.getDeclaringClass().isInstance(c.mqtt)) {
            try {
                socket = SOCKET.get(c.mqtt);
            } catch (IllegalAccessException e) {
                socket = null;
            }
        }
        if (socket instanceof NetSocket s) {
            s.close();
        } else {
            c.mqtt.disconnect(); // while connecting: closes without DISCONNECT
        }
    }

    private static Field socketField() {
        try {
            Field f = Class.forName("io.vertx.mqtt.impl.MqttClientImpl").getDeclaredField("connection");
            f.setAccessible(true);
            if (NetSocket.class.isAssignableFrom(f.getType())) {
                return f;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Vert.x MQTT client socket not reachable: {}", e.toString());
        }
        LOG.warn("this Vert.x MQTT client cannot drop a connection abruptly: station outages and aborts disconnect"
                + " cleanly, so the broker publishes no last will (simulator.mqtt.client: paho can)");
        return null;
    }

    /** Hands work to the client's context; fails when Vert.x is closed. */
    private void onContext(Runnable work) throws ClientException {
        try {
            context.runOnContext(v -> work.run());
        } catch (RejectedExecutionException e) {
            throw failure(ClientException.CLIENT_CLOSED, "Vert.x is closed", e);
        }
    }

    private static ClientException failure(int code, String message, Throwable cause) {
        return new ClientException(code, message, cause);
    }
}
