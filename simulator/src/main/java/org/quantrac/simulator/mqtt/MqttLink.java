package org.quantrac.simulator.mqtt;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.quantrac.simulator.engine.DeliveryException;
import org.quantrac.simulator.mqtt.BrokerClient.ClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT connection of the simulator (a station's own, or a gateway's; MQTT 5 or 3.1.1 over Paho or Vert.x, see
 * {@link BrokerClient}): connects with the retained {@code offline} last will when it is a station's, announces
 * {@code online} (again after every reconnect), publishes through a {@link PublishWindow} that never silently loses a
 * message, and can be taken down like a network outage and brought back (fault injection).
 */
public final class MqttLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
    private final LinkSettings settings;
    private final BrokerClient client;
    private final ScheduledExecutorService scheduler;
    private final Clock wall;
    private final PublishWindow window;
    private volatile ScheduledFuture<?> sweeper;
    private volatile boolean closed;
    /** Taken down on purpose (an outage fault): publishes wait for {@link #restore()} without timing out. */
    private volatile boolean dropped;

    private MqttLink(LinkSettings settings, BrokerClients clients, ScheduledExecutorService scheduler, Clock wall)
            throws ClientException {
        this.settings = settings;
        this.scheduler = scheduler;
        this.wall = wall;
        this.client = clients.create(settings);
        this.window = new PublishWindow(settings, client, scheduler, wall, () -> closed, () -> dropped);
    }

    /**
     * Starts connecting with a client of {@code clients}; the future completes once connected (and the online state
     * is announced).
     */
    static CompletableFuture<MqttLink> open(LinkSettings settings, BrokerClients clients,
                                            ScheduledExecutorService scheduler, Clock wall) {
        CompletableFuture<MqttLink> done = new CompletableFuture<>();
        try {
            MqttLink link = new MqttLink(settings, clients, scheduler, wall);
            link.connect(done);
        } catch (ClientException e) {
            done.completeExceptionally(new IllegalStateException("[mqtt: " + settings.name() + "] cannot create client "
                    + settings.clientId() + ": " + e.getMessage(), e));
        }
        return done;
    }

    private void connect(CompletableFuture<MqttLink> done) throws ClientException {
        BrokerClient.Options o = new BrokerClient.Options(settings.username(), settings.password(),
                settings.stateTopic().map(topic -> new BrokerClient.Will(topic, JsonPayload.state(false, null))), 30,
                (int) Math.max(1, settings.connectTimeout().toSeconds()), settings.window());
        client.connect(o, new Events(), new BrokerClient.Action() {
            @Override
            public void onSuccess() {
                long every = Math.max(1_000, settings.publishTimeout().toMillis() / 4);
                sweeper = scheduler.scheduleWithFixedDelay(window::sweep, every, every, TimeUnit.MILLISECONDS);
                scheduler.execute(MqttLink.this::announceOnline);
                done.complete(MqttLink.this);
            }

            @Override
            public void onFailure(Throwable e) {
                closeQuietly();
                done.completeExceptionally(new IllegalStateException("[mqtt: " + settings.name() + "] cannot connect to "
                        + settings.serverUri() + " as " + settings.username() + ": " + e.getMessage(), e));
            }
        });
    }

    public String name() {
        return settings.name();
    }

    /** Publishes that had to be started again (32202, reconnects, no answer). */
    public long retries() {
        return window.retries();
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** QoS 1 publish; completes on a successful PUBACK, fails with a {@link DeliveryException}. */
    public CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained) {
        return window.publish(topic, payload, retained);
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
                client.disconnect(waitMillis);
            }
        } catch (ClientException e) {
            LOG.debug("[mqtt: {}] disconnect: {}", name(), e.getMessage());
        }
        closeQuietly();
        window.failQueued();
    }

    /**
     * Drops the connection for good the way a power cut does: no DISCONNECT packet, so the broker publishes the last
     * will ({@code offline}).
     */
    public void abort() {
        closed = true;
        try {
            client.disconnectForcibly();
        } catch (ClientException e) {
            LOG.debug("[mqtt: {}] abort: {}", name(), e.getMessage());
        }
        closeQuietly();
        window.failQueued();
    }

    /**
     * Takes the link down like a network outage (no DISCONNECT: the broker publishes the last will) while keeping
     * the client for {@link #restore()}.
     */
    public void drop() {
        dropped = true;
        try {
            client.disconnectForcibly();
        } catch (ClientException e) {
            LOG.debug("[mqtt: {}] drop: {}", name(), e.getMessage());
        }
        window.resendOutstanding("connection dropped");
    }

    /** Connects again after {@link #drop()}; the online state is announced again. */
    public CompletableFuture<Void> restore() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (client.isConnected()) {
            dropped = false;
            done.complete(null);
            return done;
        }
        try {
            client.reconnect(new BrokerClient.Action() {
                @Override
                public void onSuccess() {
                    dropped = false;
                    scheduler.execute(MqttLink.this::announceOnline);
                    scheduler.execute(window::pump);
                    done.complete(null);
                }

                @Override
                public void onFailure(Throwable e) {
                    retryRestore(done, e);
                }
            });
        } catch (ClientException e) {
            retryRestore(done, e);
        }
        return done;
    }

    /** A reconnect right after a forced disconnect can meet the client still disconnecting: try again shortly. */
    private void retryRestore(CompletableFuture<Void> done, Throwable cause) {
        if (closed) {
            done.completeExceptionally(new DeliveryException("RECONNECT", "[mqtt: " + name()
                    + "] closed while reconnecting", cause));
            return;
        }
        LOG.debug("[mqtt: {}] reconnect failed, trying again: {}", name(), cause.getMessage());
        scheduler.schedule(() -> restore().whenComplete((ok, e) -> {
            if (e == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(e);
            }
        }), 200, TimeUnit.MILLISECONDS);
    }

    private void closeQuietly() {
        ScheduledFuture<?> sw = sweeper;
        if (sw != null) {
            sw.cancel(false);
        }
        try {
            client.close();
        } catch (ClientException e) {
            LOG.debug("[mqtt: {}] close: {}", name(), e.getMessage());
        }
    }

    private final class Events implements BrokerClient.Events {
        @Override
        public void connectionLost(String why) {
            if (!closed && !dropped) {
                LOG.warn("[mqtt: {}] disconnected by the broker: {}", name(), why);
            }
            window.resendOutstanding("disconnected");
        }

        @Override
        public void reconnected(String serverUri) {
            LOG.info("[mqtt: {}] reconnected to {}", name(), serverUri);
            // The broker published the last will when the link broke: say online again.
            scheduler.execute(MqttLink.this::announceOnline);
        }
    }
}
