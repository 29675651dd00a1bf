package org.quantrac.simulator.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.quantrac.simulator.engine.DeliveryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Paho MQTT v5 connection that never silently loses a message: QoS 1 publishes go through a small window (the
 * broker's receive maximum), each completes only on a successful PUBACK, and a publish the client could not start
 * ({@code 32202 too many publishes in progress}, not connected) or whose connection dropped is sent again until the
 * publish timeout. A PUBACK with an error reason code (e.g. 135, not authorised by the ACL) fails at once: retrying
 * cannot help.
 */
public final class MqttLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
    private static final int QOS = 1;

    private final LinkSettings settings;
    private final MqttAsyncClient client;
    private final ScheduledExecutorService scheduler;
    private final Clock wall;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private final AtomicLong retries = new AtomicLong();
    private int inFlight;
    private volatile boolean closed;
    /** Taken down on purpose (an outage fault): publishes wait for {@link #restore()} without timing out. */
    private volatile boolean dropped;
    private volatile MqttConnectionOptions options;

    private record Pending(String topic, byte[] payload, boolean retained, long deadlineMillis,
                           CompletableFuture<Void> result) {
    }

    private MqttLink(LinkSettings settings, ScheduledExecutorService scheduler, Clock wall) throws MqttException {
        this.settings = settings;
        this.scheduler = scheduler;
        this.wall = wall;
        this.client = new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence());
    }

    /** Starts connecting; the future completes once connected (and the online state is announced). */
    public static CompletableFuture<MqttLink> open(LinkSettings settings, ScheduledExecutorService scheduler,
                                                   Clock wall) {
        CompletableFuture<MqttLink> done = new CompletableFuture<>();
        try {
            MqttLink link = new MqttLink(settings, scheduler, wall);
            link.connect(done);
        } catch (MqttException e) {
            done.completeExceptionally(new IllegalStateException("[mqtt: " + settings.name() + "] cannot create client "
                    + settings.clientId() + ": " + e.getMessage(), e));
        }
        return done;
    }

    private void connect(CompletableFuture<MqttLink> done) throws MqttException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(settings.username());
        o.setPassword(settings.password().getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(true);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 10);
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
        settings.stateTopic().ifPresent(topic ->
                o.setWill(topic, new MqttMessage(JsonPayload.state(false, null), QOS, true, new MqttProperties())));
        options = o;
        client.setCallback(new Callback());
        client.connect(o, null, new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                scheduler.execute(MqttLink.this::announceOnline);
                done.complete(MqttLink.this);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                closeQuietly();
                done.completeExceptionally(new IllegalStateException("[mqtt: " + settings.name() + "] cannot connect to "
                        + settings.serverUri() + " as " + settings.username() + ": " + e.getMessage(), e));
            }
        });
    }

    public String name() {
        return settings.name();
    }

    /** Publishes that had to be started again (32202, reconnects). */
    public long retries() {
        return retries.get();
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** QoS 1 publish; completes on a successful PUBACK. */
    public CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new DeliveryException("CLOSED", "[mqtt: " + name() + "] link closed", null));
            return result;
        }
        synchronized (this) {
            queue.addLast(new Pending(topic, payload, retained,
                    wall.millis() + settings.publishTimeout().toMillis(), result));
        }
        pump();
        return result;
    }

    private void pump() {
        while (true) {
            Pending p;
            synchronized (this) {
                if (inFlight >= settings.window() || queue.isEmpty()) {
                    return;
                }
                p = queue.pollFirst();
                inFlight++;
            }
            start(p);
        }
    }

    private void start(Pending p) {
        if (closed) {
            finish(p, new DeliveryException("CLOSED", "[mqtt: " + name() + "] link closed", null));
            return;
        }
        try {
            client.publish(p.topic(), p.payload(), QOS, p.retained(), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        finish(p, new DeliveryException("PUBACK_" + codes[0], "[mqtt: " + name() + "] broker refused "
                                + p.topic() + " with reason code " + codes[0]
                                + (codes[0] == 135 ? " (not authorised: check the ACL and the user name)" : ""), null));
                    } else {
                        finish(p, null);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    retryLater(p, 200, e);
                }
            });
        } catch (MqttException e) {
            int code = e.getReasonCode();
            if (code == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                retryLater(p, 5, e);
            } else if (code == MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED
                    || code == MqttClientException.REASON_CODE_CONNECTION_LOST
                    || code == MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS
                    || code == MqttClientException.REASON_CODE_CLIENT_DISCONNECTING) {
                retryLater(p, 250, e);
            } else {
                finish(p, new DeliveryException("PUBLISH_" + code, "[mqtt: " + name() + "] cannot publish to "
                        + p.topic() + ": " + e.getMessage(), e));
            }
        }
    }

    private void retryLater(Pending p, long delayMillis, Throwable cause) {
        synchronized (this) {
            inFlight--;
        }
        if (closed || (!dropped && wall.millis() + delayMillis > p.deadlineMillis())) {
            p.result().completeExceptionally(new DeliveryException(closed ? "CLOSED" : "TIMEOUT", "[mqtt: " + name()
                    + "] gave up publishing to " + p.topic() + " after " + settings.publishTimeout() + ": "
                    + cause.getMessage(), cause));
            scheduler.execute(this::pump);
            return;
        }
        retries.incrementAndGet();
        scheduler.schedule(() -> {
            synchronized (this) {
                queue.addFirst(p);
            }
            pump();
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void finish(Pending p, DeliveryException failure) {
        synchronized (this) {
            inFlight--;
        }
        if (failure == null) {
            p.result().complete(null);
        } else {
            p.result().completeExceptionally(failure);
        }
        // Not on Paho's callback thread: starting the next publish there can stall its delivery loop.
        scheduler.execute(this::pump);
    }

    private void announceOnline() {
        settings.stateTopic().ifPresent(topic -> publish(topic, JsonPayload.state(true, wall.instant()), true)
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        LOG.warn("[mqtt: {}] online state not published: {}", name(), e.getMessage());
                    }
                }));
    }

    /**
     * Goes offline cleanly: the retained state says offline (a station being switched off), then DISCONNECT.
     * Waits at most the connect timeout for each step.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        long waitMillis = settings.connectTimeout().toMillis();
        try {
            if (client.isConnected() && settings.stateTopic().isPresent()) {
                publish(settings.stateTopic().get(), JsonPayload.state(false, null), true)
                        .get(waitMillis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("[mqtt: {}] offline state not published on close: {}", name(), e.getMessage());
        }
        closed = true;
        try {
            if (client.isConnected()) {
                client.disconnect(waitMillis).waitForCompletion(waitMillis);
            }
        } catch (MqttException e) {
            LOG.debug("[mqtt: {}] disconnect: {}", name(), e.getMessage());
        }
        closeQuietly();
        failQueued();
    }

    /**
     * Drops the connection the way a power cut or a broken link does: no DISCONNECT packet, so the broker publishes
     * the last will ({@code offline}).
     */
    public void abort() {
        closed = true;
        try {
            client.disconnectForcibly(0, 1, false);
        } catch (MqttException e) {
            LOG.debug("[mqtt: {}] abort: {}", name(), e.getMessage());
        }
        closeQuietly();
        failQueued();
    }

    /**
     * Takes the link down like a network outage (no DISCONNECT: the broker publishes the last will) while keeping
     * the client for {@link #restore()}.
     */
    public void drop() {
        dropped = true;
        try {
            client.disconnectForcibly(0, 1, false);
        } catch (MqttException e) {
            LOG.debug("[mqtt: {}] drop: {}", name(), e.getMessage());
        }
    }

    /** Connects again after {@link #drop()}; the online state is announced again. */
    public CompletableFuture<Void> restore() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    dropped = false;
                    scheduler.execute(MqttLink.this::announceOnline);
                    scheduler.execute(MqttLink.this::pump);
                    done.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    done.completeExceptionally(new DeliveryException("RECONNECT", "[mqtt: " + name()
                            + "] cannot reconnect: " + e.getMessage(), e));
                }
            });
        } catch (MqttException e) {
            done.completeExceptionally(new DeliveryException("RECONNECT", "[mqtt: " + name() + "] cannot reconnect: "
                    + e.getMessage(), e));
        }
        return done;
    }

    private void failQueued() {
        Deque<Pending> left;
        synchronized (this) {
            left = new ArrayDeque<>(queue);
            queue.clear();
        }
        for (Pending p : left) {
            p.result().completeExceptionally(new DeliveryException("CLOSED", "[mqtt: " + name()
                    + "] closed before the message was sent", null));
        }
    }

    private void closeQuietly() {
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("[mqtt: {}] close: {}", name(), e.getMessage());
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (!closed) {
                LOG.warn("[mqtt: {}] disconnected by the broker: {}", name(), response);
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            LOG.warn("[mqtt: {}] protocol error: {}", name(), e.getMessage());
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
                LOG.info("[mqtt: {}] reconnected to {}", name(), serverUri);
                // The broker published the last will when the link broke: say online again.
                scheduler.execute(MqttLink.this::announceOnline);
            }
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication.
        }
    }
}
