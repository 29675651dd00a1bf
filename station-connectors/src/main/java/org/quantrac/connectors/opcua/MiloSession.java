package org.quantrac.connectors.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the connector does with Eclipse Milo, for one server: connect (retrying with backoff until the first
 * success; Milo restores the session itself afterwards), one subscription with a monitored item per node, and
 * re-creating that subscription when the server lost it (a server restart leaves it dead without notice other than
 * {@code onTransferFailed}), then reading the values of the gap from the server's history when it keeps one. Values
 * come out as plain Java values with the node id they belong to.
 */
final class MiloSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MiloSession.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** A PLC clock ahead of ours still has its newest values read (the mapper rejects more than 5 min ahead). */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** What the session reports; called on Milo's threads, must not block. */
    interface Listener {

        void onValues(List<Value> values);

        void onConnected();

        void onDisconnected(String why);
    }

    /**
     * @param badStatus the status when it is not Good, else null
     */
    record Value(String node, Object value, Instant sourceTime, String badStatus) {
    }

    /**
     * How to log in.
     *
     * @param certificates the connector's certificate and trusted servers; required for a secured endpoint
     */
    record Access(OpcUaStationMapping.Security security, Optional<String> username, Optional<String> password,
                  OpcUaCertificates certificates) {

        static Access anonymous() {
            return new Access(OpcUaStationMapping.Security.NONE, Optional.empty(), Optional.empty(), null);
        }
    }

    private final String endpoint;
    private final List<String> nodes;
    private final double samplingMs;
    private final Listener listener;
    private final ScheduledExecutorService scheduler;
    private final Access access;
    /** Latest source timestamp seen per node: where a gap fill starts. */
    private final Map<String, Instant> lastSourceTime = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, NodeId> nodeIds = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean historyUnsupported;
    /** False while the connector cannot take more (backpressure): the server keeps sampling into its queues. */
    private volatile boolean publishing = true;
    private volatile OpcUaClient client;
    private volatile OpcUaSubscription subscription;
    private volatile boolean connected;
    private volatile boolean closed;

    MiloSession(String endpoint, List<String> nodes, Duration sampling, Listener listener,
                ScheduledExecutorService scheduler, Access access) {
        this.access = access;
        this.endpoint = endpoint;
        this.nodes = List.copyOf(nodes);
        this.samplingMs = sampling.toMillis();
        this.listener = listener;
        this.scheduler = scheduler;
    }

    /** Starts connecting in the background. */
    void start() {
        scheduler.execute(() -> connect(Duration.ofSeconds(1)));
    }

    boolean connected() {
        return connected;
    }

    private void connect(Duration backoff) {
        if (closed) {
            return;
        }
        try {
            boolean secured = access.security() == OpcUaStationMapping.Security.BASIC256SHA256;
            SecurityPolicy policy = secured ? SecurityPolicy.Basic256Sha256 : SecurityPolicy.None;
            MessageSecurityMode mode = secured ? MessageSecurityMode.SignAndEncrypt : MessageSecurityMode.None;
            OpcUaClient c = OpcUaClient.create(endpoint,
                    endpoints -> endpoints.stream()
                            .filter(e -> policy.getUri().equals(e.getSecurityPolicyUri()))
                            .filter(e -> e.getSecurityMode() == mode)
                            .findFirst(),
                    transport -> transport.setConnectTimeout(uint(5_000)),
                    builder -> {
                        builder.setApplicationUri(OpcUaCertificates.APPLICATION_URI)
                                .setApplicationName(LocalizedText.english("Quantrac station connector"))
                                .setIdentityProvider(access.username().isPresent()
                                        ? new UsernameProvider(access.username().get(), access.password().orElse(""))
                                        : new AnonymousProvider())
                                .setRequestTimeout(uint(10_000));
                        OpcUaCertificates certs = access.certificates();
                        if (certs != null) {
                            builder.setKeyPair(certs.keyPair()).setCertificate(certs.certificate())
                                    .setCertificateChain(new X509Certificate[] {certs.certificate()})
                                    .setCertificateValidator(certs.validator());
                        }
                    });
            c.addSessionActivityListener(new SessionActivityListener() {
                @Override
                public void onSessionActive(UaSession session) {
                    sessionUp();
                }

                @Override
                public void onSessionInactive(UaSession session) {
                    sessionDown();
                }
            });
            c.connect();
            client = c;
            subscribe(c);
            if (!connected) {
                sessionUp();
            }
        } catch (Exception e) {
            OpcUaClient c = client;
            client = null;
            if (c != null) {
                disconnectQuietly(c);
            }
            Duration next = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            LOG.warn("[endpoint: {}] cannot connect: {}; retrying in {} s", endpoint, e.getMessage(),
                    backoff.toSeconds());
            if (!closed) {
                scheduler.schedule(() -> connect(next), backoff.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void subscribe(OpcUaClient c) throws Exception {
        OpcUaSubscription sub = new OpcUaSubscription(c, samplingMs);
        Map<OpcUaMonitoredItem, String> byItem = new HashMap<>();
        for (String node : nodes) {
            NodeId id = node.startsWith("nsu=")
                    ? ExpandedNodeId.parse(node).toNodeIdOrThrow(c.getNamespaceTable()) : NodeId.parse(node);
            nodeIds.put(node, id);
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(id);
            item.setSamplingInterval(samplingMs);
            item.setQueueSize(uint(100));
            byItem.put(item, node);
        }
        sub.setSubscriptionListener(new OpcUaSubscription.SubscriptionListener() {
            @Override
            public void onDataReceived(OpcUaSubscription s, List<OpcUaMonitoredItem> items, List<DataValue> values) {
                List<Value> out = new ArrayList<>(items.size());
                for (int i = 0; i < items.size(); i++) {
                    DataValue v = values.get(i);
                    StatusCode status = v.getStatusCode();
                    boolean good = status == null || status.isGood();
                    out.add(value(byItem.get(items.get(i)), v));
                }
                listener.onValues(out);
            }

            @Override
            public void onTransferFailed(OpcUaSubscription s, StatusCode status) {
                LOG.warn("[endpoint: {}] the server lost our subscription ({}); creating it again", endpoint, status);
                Map<String, Instant> gapStarts = Map.copyOf(lastSourceTime);
                scheduler.execute(() -> resubscribe(s, gapStarts, Duration.ofSeconds(1)));
            }
        });
        sub.create();
        sub.addMonitoredItems(new ArrayList<>(byItem.keySet()));
        sub.synchronizeMonitoredItems();
        subscription = sub;
        applyPublishing();
    }

    /**
     * Asks the server to stop (false) or resume (true) sending notifications. Paused, the server keeps sampling into
     * each monitored item's queue (100 values), which it sends on resume.
     */
    void setPublishing(boolean enabled) {
        publishing = enabled;
        scheduler.execute(this::applyPublishing);
    }

    private void applyPublishing() {
        OpcUaSubscription sub = subscription;
        if (sub == null || closed) {
            return;
        }
        try {
            sub.setPublishingMode(publishing);
        } catch (Exception e) {
            LOG.warn("[endpoint: {}] cannot set publishing {}: {}", endpoint, publishing ? "on" : "off",
                    e.getMessage());
        }
    }

    /**
     * Off Milo's callback thread: same subscription object, created again with its monitored items; then what the
     * server recorded while we were away is read from its history.
     */
    private void resubscribe(OpcUaSubscription sub, Map<String, Instant> gapStarts, Duration backoff) {
        if (closed) {
            return;
        }
        try {
            sub.create();
            sub.synchronizeMonitoredItems();
            LOG.info("[endpoint: {}] subscription restored with {} monitored items", endpoint,
                    sub.getMonitoredItems().size());
            applyPublishing();
        } catch (Exception e) {
            Duration next = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            LOG.warn("[endpoint: {}] cannot restore the subscription yet: {}", endpoint, e.getMessage());
            scheduler.schedule(() -> resubscribe(sub, gapStarts, next), backoff.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        fillGap(gapStarts);
    }

    /** HistoryRead of each node from just after its last value up to now; servers without history are skipped. */
    private void fillGap(Map<String, Instant> gapStarts) {
        OpcUaClient c = client;
        if (c == null || historyUnsupported || gapStarts.isEmpty()) {
            return;
        }
        List<String> nodes = new ArrayList<>(gapStarts.keySet());
        int filled = 0;
        for (String node : nodes) {
            NodeId id = nodeIds.get(node);
            if (id == null) {
                continue;
            }
            try {
                HistoryReadResponse response = c.historyRead(new ReadRawModifiedDetails(false,
                        new DateTime(gapStarts.get(node).plusMillis(1)), new DateTime(Instant.now().plus(CLOCK_SKEW)),
                        uint(0), false),
                        TimestampsToReturn.Source, false,
                        List.of(new HistoryReadValueId(id, null, QualifiedName.NULL_VALUE, ByteString.NULL_VALUE)));
                HistoryReadResult result = response.getResults()[0];
                if (!result.getStatusCode().isGood()) {
                    historyUnsupported = true;
                    LOG.info("[endpoint: {}] no history ({}): values from the disconnection are not recovered",
                            endpoint, result.getStatusCode());
                    return;
                }
                DataValue[] values = ((HistoryData) result.getHistoryData().decode(c.getStaticEncodingContext()))
                        .getDataValues();
                List<Value> out = new ArrayList<>();
                for (DataValue v : values == null ? new DataValue[0] : values) {
                    out.add(value(node, v));
                }
                if (!out.isEmpty()) {
                    filled += out.size();
                    listener.onValues(out);
                }
            } catch (Exception e) {
                LOG.warn("[endpoint: {}] history read of {} failed: {}", endpoint, node, e.getMessage());
            }
        }
        LOG.info("[endpoint: {}] gap filled from history: {} values", endpoint, filled);
    }

    private Value value(String node, DataValue v) {
        StatusCode status = v.getStatusCode();
        boolean good = status == null || status.isGood();
        Instant source = v.getSourceTime() == null || v.getSourceTime().isNull() ? null
                : v.getSourceTime().getJavaInstant();
        if (source != null) {
            lastSourceTime.merge(node, source, (a, b) -> a.isAfter(b) ? a : b);
        }
        return new Value(node, v.getValue() == null ? null : v.getValue().getValue(), source,
                good ? null : status.toString());
    }

    private void sessionUp() {
        if (!connected && !closed) {
            connected = true;
            listener.onConnected();
        }
    }

    private void sessionDown() {
        if (connected && !closed) {
            connected = false;
            listener.onDisconnected("OPC UA session to " + endpoint + " lost");
        }
    }

    private static void disconnectQuietly(OpcUaClient c) {
        try {
            c.disconnect();
        } catch (Exception e) {
            LOG.debug("OPC UA disconnect: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        connected = false;
        OpcUaSubscription sub = subscription;
        OpcUaClient c = client;
        if (sub != null) {
            try {
                sub.delete();
            } catch (Exception e) {
                LOG.debug("OPC UA subscription delete: {}", e.toString());
            }
        }
        if (c != null) {
            disconnectQuietly(c);
        }
    }
}
