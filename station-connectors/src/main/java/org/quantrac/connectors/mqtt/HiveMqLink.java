package org.quantrac.connectors.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfigBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.MqttWebSocketConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5UnsubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.Mqtt5Unsubscribe;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BrokerLink} over the HiveMQ MQTT client, MQTT 5 ({@code connectors.mqtt.client: hivemq}, the default): the
 * same session as {@link PahoV5Link} (clean start off, session expiry, QoS 1, manual PUBACKs; the receive maximum is
 * explained at {@link #RECEIVE_MAXIMUM}), but decoded by Netty with bulk copies where Paho's receiver thread reads
 * each payload byte by byte (docs/connectors.md has the measured difference).
 *
 * <p>Reconnecting is decided here, not by the library's automatic reconnect: only after a first successful connect
 * (a failed start must fail, not retry forever) and never after {@link #close}. The library does not resubscribe by
 * itself either; the verticle does that on {@link Listener#reconnected}, as with the other links.
 */
final class HiveMqLink implements BrokerLink {

    private static final Logger LOG = LoggerFactory.getLogger(HiveMqLink.class);
    private static final long FIRST_RETRY_MS = 1_000;
    /** Short for the same reason as in PahoV5Link: the stations are back within seconds of a broker restart. */
    private static final long MAX_RETRY_MS = 2_000;
    /**
     * The receive maximum we announce: the protocol's largest. This client enforces what it announces and drops the
     * connection (0x93) when a broker sends one QoS 1 message more, and Mosquitto 2.0.11 (Debian 12) does exceed it
     * under load: announcing 1000, the connector saw 111 too many on its first connection and then reconnected over
     * and over; Paho, which does not check, held up to 7,976 unacknowledged messages in the same load. So the bound is
     * ours ({@link #inFlight}): the broker may send what it likes, we stop reading once {@code receiveMaximum}
     * messages wait for their PUBACK, and TCP holds the broker back.
     */
    static final int RECEIVE_MAXIMUM = 65_535;

    private final MqttConnectorSettings settings;
    private final Listener listener;
    private final Mqtt5AsyncClient client;
    /**
     * The messages waiting for {@link #ack}, under ids of our own: the library hides packet ids, and a message from an
     * earlier connection must not be acknowledged on a later one (the broker redelivers it there).
     */
    private final Map<Integer, Mqtt5Publish> held = new ConcurrentHashMap<>();
    /**
     * One permit per held message, {@code receiveMaximum} in all. Taken on the client's Netty thread before the
     * message is handed on, so that thread stops reading from the socket while the connector holds that many
     * unacknowledged messages: the backpressure the broker's receive maximum should give and Mosquitto 2.0.11 does not.
     * Given back by {@link #ack} and when a lost connection forgets its held messages.
     */
    private final Semaphore inFlight;
    private final AtomicInteger nextId = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean everConnected;

    HiveMqLink(MqttConnectorSettings settings, Listener listener) {
        this.settings = settings;
        this.listener = listener;
        this.inFlight = new Semaphore(settings.receiveMaximum());
        URI uri = URI.create(settings.broker().serverUri());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        boolean tls = scheme.equals("ssl") || scheme.equals("wss");
        boolean webSocket = scheme.equals("ws") || scheme.equals("wss");
        // MqttConfig has checked that the URI names a port.
        MqttClientTransportConfigBuilder transport = MqttClientTransportConfig.builder()
                .serverHost(uri.getHost()).serverPort(uri.getPort())
                .socketConnectTimeout(10, TimeUnit.SECONDS).mqttConnectTimeout(10, TimeUnit.SECONDS);
        if (tls) {
            // As Paho: the broker's certificate must name the host; our trust store when configured, else the JVM's.
            transport = settings.broker().trustStore().isEmpty() ? transport.sslWithDefaultConfig()
                    : transport.sslConfig(MqttClientSslConfig.builder()
                            .trustManagerFactory(MqttTls.trustManagers(settings.broker())).build());
        }
        if (webSocket) {
            String path = uri.getPath() == null || uri.getPath().length() <= 1 ? "mqtt" : uri.getPath().substring(1);
            transport = transport.webSocketConfig(MqttWebSocketConfig.builder().serverPath(path).build());
        }
        Mqtt5ClientBuilder b = MqttClient.builder().useMqttVersion5().identifier(settings.clientId())
                .transportConfig(transport.build());
        String username = settings.broker().username();
        String password = settings.broker().password();
        if (!username.isEmpty() && !password.isEmpty()) {
            b = b.simpleAuth().username(username).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        } else if (!username.isEmpty()) {
            b = b.simpleAuth().username(username).applySimpleAuth();
        }
        client = b.addConnectedListener(ctx -> connected(uri))
                .addDisconnectedListener(this::disconnected)
                .buildAsync();
        // Before connect, for every message whatever its subscription: a redelivered message of our persistent
        // session can arrive right after the CONNACK, before any SUBSCRIBE of this connection. On the client's Netty
        // thread (Runnable::run), so that waiting for a permit in arrived() stops the reading (see inFlight).
        client.publishes(MqttGlobalPublishFilter.ALL, this::arrived, Runnable::run, true);
    }

    @Override
    public CompletableFuture<Void> connect() {
        return client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(settings.sessionExpiry().toSeconds())
                .keepAlive((int) settings.keepAlive().toSeconds())
                .restrictions().receiveMaximum(RECEIVE_MAXIMUM).applyRestrictions()
                .send()
                .thenAccept(ack -> { });
    }

    private void connected(URI uri) {
        if (everConnected) {
            listener.reconnected(uri.toString());
        }
        everConnected = true;
    }

    private void disconnected(MqttClientDisconnectedContext ctx) {
        forgetHeld(); // redelivered on the next connection
        boolean retry = everConnected && !closed.get() && ctx.getSource() != MqttDisconnectSource.USER;
        ctx.getReconnector().resubscribeIfSessionExpired(false).resubscribeIfSessionPresent(false)
                .republishIfSessionExpired(false).reconnect(retry);
        if (!retry) {
            return;
        }
        int attempt = ctx.getReconnector().getAttempts();
        ctx.getReconnector().delay(attempt == 0 ? FIRST_RETRY_MS : MAX_RETRY_MS, TimeUnit.MILLISECONDS);
        if (attempt == 0) {
            listener.lost(String.valueOf(ctx.getCause()));
        } else {
            LOG.debug("MQTT reconnect failed [broker: {}]: {}", settings.broker().serverUri(), ctx.getCause());
        }
    }

    @Override
    public CompletableFuture<Void> subscribe(List<String> filters) {
        if (filters.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Mqtt5Subscribe subscribe = Mqtt5Subscribe.builder().addSubscriptions(filters.stream().map(f ->
                Mqtt5Subscription.builder().topicFilter(f).qos(MqttQos.AT_LEAST_ONCE).build())).build();
        return client.subscribe(subscribe).handle((ack, error) -> {
            List<Mqtt5SubAckReasonCode> codes;
            if (error != null) {
                Throwable cause = cause(error);
                if (!(cause instanceof Mqtt5SubAckException)) {
                    throw new CompletionException(cause);
                }
                codes = ((Mqtt5SubAckException) cause).getMqttMessage().getReasonCodes();
            } else {
                codes = ack.getReasonCodes();
            }
            for (int i = 0; i < codes.size(); i++) {
                if (codes.get(i).isError()) {
                    throw new SubscriptionRefused(filters.get(Math.min(i, filters.size() - 1)), codes.get(i).getCode());
                }
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> unsubscribe(List<String> filters) {
        if (filters.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Mqtt5Unsubscribe unsubscribe = Mqtt5Unsubscribe.builder()
                .addTopicFilters(filters.stream().map(MqttTopicFilter::of)).build();
        // An error code per filter ("no subscription existed") is fine: the filter is gone either way.
        return client.unsubscribe(unsubscribe).handle((ack, error) -> {
            if (error != null && !(cause(error) instanceof Mqtt5UnsubAckException)) {
                throw new CompletionException(cause(error));
            }
            return null;
        });
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private void arrived(Mqtt5Publish message) {
        int qos = message.getQos().getCode();
        int id = nextId.incrementAndGet();
        if (qos > 0) {
            if (!takePermit()) {
                return; // closing: not acknowledged, the broker redelivers it to our session
            }
            held.put(id, message);
        }
        listener.message(message.getTopic().toString(), message.getPayloadAsBytes(), id, qos);
    }

    /**
     * Waits for a permit, in short steps so that {@link #close} is noticed; acknowledgements come from Kafka's
     * threads, not this one, so the wait ends as soon as Kafka catches up.
     */
    private boolean takePermit() {
        try {
            while (!closed.get()) {
                if (inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Every held message gives its permit back once: here or in {@link #ack}, whichever removes it. */
    private void forgetHeld() {
        for (Integer id : held.keySet()) {
            if (held.remove(id) != null) {
                inFlight.release();
            }
        }
    }

    /**
     * Gives the message's permit back, then has the library send its PUBACK. The library sends PUBACKs in the order
     * the messages arrived, whatever the order of these calls (as MQTT requires), so a message never acknowledged here
     * holds back the PUBACKs after it until the connection ends (and keeps its one permit until then).
     */
    @Override
    public boolean ack(int id, int qos) {
        if (qos == 0) {
            return true;
        }
        Mqtt5Publish m = held.remove(id);
        if (m == null) {
            return false; // its connection is gone: the broker redelivers it
        }
        inFlight.release();
        if (!client.getState().isConnected()) {
            return false;
        }
        m.acknowledge();
        return true;
    }

    @Override
    public boolean connected() {
        return client.getState() == MqttClientState.CONNECTED;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            // Also ends a pending reconnect: the disconnected listener sees closed and does not retry.
            if (client.getState().isConnectedOrReconnect()) {
                client.disconnect().get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("MQTT disconnect: {}", e.toString());
        }
    }
}
