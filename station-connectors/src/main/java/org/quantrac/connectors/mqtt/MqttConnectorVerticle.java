package org.quantrac.connectors.mqtt;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.quantrac.connectors.ingest.Ingestor;
import org.quantrac.connectors.mapper.PayloadFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the stations' MQTT topics on a persistent session and hands each message to the {@link Ingestor}. A message
 * is acknowledged (PUBACK) only after Kafka acknowledged every record made from it; until then the broker keeps it in
 * our session and redelivers it after a reconnect, so a crash loses nothing. The protocol (MQTT 5 or 3.1.1) is the
 * {@link BrokerLink}'s business; this class is the same for both.
 *
 * <p>Start completes once connected and subscribed; stop lets in-flight messages finish (bounded), then disconnects.
 */
public final class MqttConnectorVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(MqttConnectorVerticle.class);
    private static final long STOP_DRAIN_MS = 10_000;
    /** Filters per SUBSCRIBE packet: keeps packets small when a replica holds one subscription per station. */
    private static final int FILTERS_PER_PACKET = 100;

    private final MqttConnectorSettings settings;
    private final Ingestor ingestor;
    private final SubscriptionPlan plan;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile BrokerLink link;

    /** {@code stationCodes}: the catalog's stations, which a static assignment splits between the replicas. */
    public MqttConnectorVerticle(MqttConnectorSettings settings, Ingestor ingestor, Collection<String> stationCodes) {
        this.settings = settings;
        this.ingestor = ingestor;
        this.plan = SubscriptionPlan.of(settings, stationCodes);
    }

    @Override
    public Future<?> start() {
        String uri = settings.broker().serverUri();
        link = BrokerLink.create(settings, vertx, new Events());
        CompletableFuture<Void> connecting;
        try {
            connecting = link.connect();
        } catch (RuntimeException e) { // an unusable trust store: a configuration error, reported as it is
            link.close();
            throw e;
        }
        CompletableFuture<Void> ready = connecting
                .handle((v, error) -> {
                    if (error != null && MqttTls.handshakeFailure(error)) {
                        throw new IllegalStateException("cannot connect to the MQTT broker " + uri + ": the TLS"
                                + " handshake failed: " + message(error) + " (does connectors.mqtt.trustStore = '"
                                + settings.broker().trustStore() + "' hold the CA that signed the broker's"
                                + " certificate, and does the certificate name the host of connectors.mqtt.serverUri?)",
                                cause(error));
                    }
                    if (error != null) {
                        throw new IllegalStateException("cannot connect to the MQTT broker " + uri + " (MQTT "
                                + settings.protocol() + ") as user '" + settings.broker().username()
                                + "' with client id " + settings.clientId() + ": " + message(error)
                                + " (check connectors.mqtt.serverUri, username and password, protocolVersion, and"
                                + " trustStore for ssl://)", cause(error));
                    }
                    return v;
                })
                .thenCompose(v -> subscribe())
                // After subscribing, so that a station moving between filters is never unread meanwhile.
                .thenCompose(v -> removeStale());
        return Future.fromCompletionStage(ready, context).onFailure(e -> {
            stopping = true;
            vertx.executeBlocking(() -> {
                link.close();
                return null;
            });
        }).onSuccess(v -> LOG.info("MQTT connector ready [broker: {}] [protocol: MQTT {}] [client: {}] [group: {}]"
                + " [assignment: {}] [stations: {}]", uri, settings.protocol(), settings.clientId(),
                settings.shareGroup(), settings.assignment(), plan.stations() < 0 ? "all" : plan.stations()));
    }

    /** The filters this replica holds, subscribed in packets of at most {@link #FILTERS_PER_PACKET}. */
    private CompletableFuture<Void> subscribe() {
        return inPackets(plan.subscribe(), link::subscribe).handle((v, error) -> {
            if (error == null) {
                return v;
            }
            Throwable cause = cause(error);
            if (cause instanceof BrokerLink.SubscriptionRefused) {
                throw new IllegalStateException(cause.getMessage() + "; may user '" + settings.broker().username()
                        + "' read stations/# (the broker's ACL)?", cause);
            }
            throw new IllegalStateException("cannot subscribe to the station topics: " + message(error), cause);
        });
    }

    /** Drops what an earlier configuration may have left in the persistent session (see SubscriptionPlan). */
    private CompletableFuture<Void> removeStale() {
        return inPackets(plan.unsubscribe(), link::unsubscribe).handle((v, error) -> {
            if (error != null) {
                throw new IllegalStateException("cannot remove stale subscriptions from the MQTT session: "
                        + message(error), cause(error));
            }
            return v;
        });
    }

    private static CompletableFuture<Void> inPackets(List<String> filters,
                                                     Function<List<String>, CompletableFuture<Void>> send) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int from = 0; from < filters.size(); from += FILTERS_PER_PACKET) {
            List<String> packet = filters.subList(from, Math.min(filters.size(), from + FILTERS_PER_PACKET));
            chain = chain.thenCompose(v -> send.apply(packet));
        }
        return chain;
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static String message(Throwable error) {
        Throwable c = cause(error);
        String m = c.getMessage();
        Throwable inner = c.getCause();
        // Paho wraps the interesting part (an SSLHandshakeException, "Connection refused") one level down.
        if (inner != null && inner.getMessage() != null && (m == null || !m.contains(inner.getMessage()))) {
            m = (m == null ? "" : m + ": ") + inner.getMessage();
        }
        return m == null ? c.toString() : m;
    }

    /** Whether the broker connection is up now. */
    public boolean connected() {
        BrokerLink l = link;
        return l != null && l.connected() && !stopping;
    }

    /** Messages received and not yet acknowledged. */
    public int inFlight() {
        return inFlight.get();
    }

    private void handle(String topic, byte[] payload, int id, int qos) {
        if (stopping) {
            return; // not acknowledged: the broker redelivers it to our session when we are back
        }
        StationTopic st = StationTopic.parse(topic).orElse(null);
        if (st == null) {
            link.ack(id, qos); // cannot be matched by our filters; nothing to keep
            return;
        }
        inFlight.incrementAndGet();
        // Off the client's callback thread: a blocking Kafka send must not stall the MQTT keep-alive. Ordered, so a
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
                                // False when disconnected meanwhile: the broker redelivers, and the duplicate keeps
                                // its identity downstream.
                                link.ack(id, qos);
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
            BrokerLink l = link;
            if (l != null) {
                l.close();
                LOG.info("MQTT connector stopped [client: {}] ({} messages left unacknowledged for redelivery)",
                        settings.clientId(), inFlight.get());
            }
            return null;
        }));
    }

    private final class Events implements BrokerLink.Listener {

        @Override
        public void message(String topic, byte[] payload, int id, int qos) {
            handle(topic, payload, id, qos);
        }

        @Override
        public void reconnected(String serverUri) {
            if (!stopping) {
                LOG.info("MQTT reconnected [broker: {}] [client: {}]", serverUri, settings.clientId());
                // The session normally kept the subscriptions; subscribing again covers an expired session (and a
                // broker that forgot shared subscriptions on restart).
                subscribe().whenComplete((v, error) -> {
                    if (error != null && !stopping) {
                        LOG.warn("MQTT re-subscription failed [client: {}]: {}", settings.clientId(),
                                error.getMessage());
                    }
                });
            }
        }

        @Override
        public void lost(String cause) {
            if (!stopping) {
                LOG.warn("MQTT connection lost [broker: {}]: {}; reconnecting", settings.broker().serverUri(), cause);
            }
        }
    }
}
