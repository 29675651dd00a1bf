package org.quantrac.connectors.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the connector does with Eclipse Milo, for one server: connect (retrying with backoff until the first
 * success; Milo restores the session itself afterwards), one subscription with a monitored item per node, and
 * re-creating that subscription when the server lost it (a server restart leaves it dead without notice other than
 * {@code onTransferFailed}). Values come out as plain Java values with the node id they belong to.
 */
final class MiloSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MiloSession.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

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

    private final String endpoint;
    private final List<String> nodes;
    private final double samplingMs;
    private final Listener listener;
    private final ScheduledExecutorService scheduler;
    private volatile OpcUaClient client;
    private volatile OpcUaSubscription subscription;
    private volatile boolean connected;
    private volatile boolean closed;

    MiloSession(String endpoint, List<String> nodes, Duration sampling, Listener listener,
                ScheduledExecutorService scheduler) {
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
            OpcUaClient c = OpcUaClient.create(endpoint,
                    endpoints -> endpoints.stream()
                            .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri()))
                            .filter(e -> e.getSecurityMode() == MessageSecurityMode.None)
                            .findFirst(),
                    transport -> transport.setConnectTimeout(uint(5_000)),
                    builder -> builder.setApplicationUri("urn:quantrac:connector")
                            .setApplicationName(LocalizedText.english("Quantrac station connector"))
                            .setIdentityProvider(new AnonymousProvider())
                            .setRequestTimeout(uint(10_000)));
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
                    out.add(new Value(byItem.get(items.get(i)), v.getValue() == null ? null : v.getValue().getValue(),
                            v.getSourceTime() == null || v.getSourceTime().isNull() ? null
                                    : v.getSourceTime().getJavaInstant(),
                            good ? null : status.toString()));
                }
                listener.onValues(out);
            }

            @Override
            public void onTransferFailed(OpcUaSubscription s, StatusCode status) {
                LOG.warn("[endpoint: {}] the server lost our subscription ({}); creating it again", endpoint, status);
                scheduler.execute(() -> resubscribe(s, Duration.ofSeconds(1)));
            }
        });
        sub.create();
        sub.addMonitoredItems(new ArrayList<>(byItem.keySet()));
        sub.synchronizeMonitoredItems();
        subscription = sub;
    }

    /** Off Milo's callback thread: same subscription object, created again with its monitored items. */
    private void resubscribe(OpcUaSubscription sub, Duration backoff) {
        if (closed) {
            return;
        }
        try {
            sub.create();
            sub.synchronizeMonitoredItems();
            LOG.info("[endpoint: {}] subscription restored with {} monitored items", endpoint,
                    sub.getMonitoredItems().size());
        } catch (Exception e) {
            Duration next = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            LOG.warn("[endpoint: {}] cannot restore the subscription yet: {}", endpoint, e.getMessage());
            scheduler.schedule(() -> resubscribe(sub, next), backoff.toMillis(), TimeUnit.MILLISECONDS);
        }
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
