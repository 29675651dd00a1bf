package org.quantrac.connectors.opcua;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.quantrac.connectors.ingest.Ingestor;
import org.quantrac.connectors.mapper.NodeReading;
import org.quantrac.connectors.mapper.OpcUaValueMapper;
import org.quantrac.connectors.mapper.PayloadFormat;
import org.quantrac.core.record.v1.StationEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to each mapped station's OPC UA server (one {@link MiloSession} per station) and ingests what the
 * servers publish. Session state becomes CONNECTED / DISCONNECTED station events. Start completes once every session
 * is connected, or after {@code startWait} with the missing ones still retrying in the background (readiness stays
 * down until they connect).
 */
public final class OpcUaConnectorVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(OpcUaConnectorVerticle.class);

    private final List<OpcUaStationMapping> mappings;
    private final OpcUaValueMapper mapper;
    private final Ingestor ingestor;
    private final Duration startWait;
    private final BooleanSupplier holdBack;
    private final OpcUaCertificates certificates;
    private final List<MiloSession> sessions = new ArrayList<>();
    private volatile boolean held;
    private ScheduledExecutorService scheduler;

    /**
     * @param holdBack true while the connector cannot take more values (buffer full): the servers are asked to pause
     *                 publishing until it is false again
     * @param certificates the connector's certificate and trusted servers; null when no station is secured
     */
    public OpcUaConnectorVerticle(List<OpcUaStationMapping> mappings, OpcUaValueMapper mapper, Ingestor ingestor,
                                  Duration startWait, BooleanSupplier holdBack, OpcUaCertificates certificates) {
        this.holdBack = holdBack;
        this.certificates = certificates;
        this.mappings = List.copyOf(mappings);
        this.mapper = mapper;
        this.ingestor = ingestor;
        this.startWait = startWait;
    }

    @Override
    public Future<?> start() {
        scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "opcua-sessions");
            t.setDaemon(true);
            return t;
        });
        for (OpcUaStationMapping m : mappings) {
            List<String> nodes = new ArrayList<>();
            m.nodes().forEach(n -> nodes.add(n.node()));
            m.statusNode().ifPresent(nodes::add);
            MiloSession.Access access = new MiloSession.Access(m.security(), m.username(), m.password(),
                    m.security() == OpcUaStationMapping.Security.NONE ? null : certificates);
            MiloSession session = new MiloSession(m.endpoint(), nodes, m.samplingInterval(), new StationListener(m),
                    scheduler, access);
            sessions.add(session);
            session.start();
        }
        vertx.setPeriodic(250, id -> applyBackpressure());
        Promise<Void> started = Promise.promise();
        long deadline = System.currentTimeMillis() + startWait.toMillis();
        vertx.setPeriodic(50, timer -> {
            if (connected() || System.currentTimeMillis() > deadline) {
                vertx.cancelTimer(timer);
                if (!connected()) {
                    LOG.warn("OPC UA: {} of {} station servers not connected yet; retrying in the background",
                            sessions.stream().filter(s -> !s.connected()).count(), sessions.size());
                }
                LOG.info("OPC UA connector ready [stations: {}]", mappings.size());
                started.tryComplete();
            }
        });
        return started.future();
    }

    private void applyBackpressure() {
        boolean hold = holdBack.getAsBoolean();
        if (hold != held) {
            held = hold;
            if (hold) {
                LOG.warn("OPC UA: pausing publishing on {} servers until records can be taken again", sessions.size());
            } else {
                LOG.info("OPC UA: resuming publishing");
            }
            sessions.forEach(s -> s.setPublishing(!hold));
        }
    }

    /** Whether the servers were asked to pause publishing (backpressure). */
    public boolean paused() {
        return held;
    }

    /** Whether every station's server session is up. */
    public boolean connected() {
        return sessions.stream().allMatch(MiloSession::connected);
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            sessions.forEach(MiloSession::close);
            scheduler.shutdownNow();
            return null;
        });
    }

    /** One station's values and session state. */
    private final class StationListener implements MiloSession.Listener {

        private final OpcUaStationMapping mapping;
        private final Map<String, OpcUaStationMapping.NodeMapping> byNode = new HashMap<>();
        private volatile String status = "";

        StationListener(OpcUaStationMapping mapping) {
            this.mapping = mapping;
            mapping.nodes().forEach(n -> byNode.put(n.node(), n));
        }

        @Override
        public void onValues(List<MiloSession.Value> values) {
            List<NodeReading> readings = new ArrayList<>(values.size());
            StringBuilder payload = new StringBuilder();
            for (MiloSession.Value v : values) {
                payload.append(v.node()).append('\t').append(v.value()).append('\t').append(v.sourceTime())
                        .append('\t').append(v.badStatus() == null ? "Good" : v.badStatus()).append('\n');
                if (mapping.statusNode().filter(v.node()::equals).isPresent()) {
                    status = v.value() instanceof Number n ? String.format("%02d", n.intValue())
                            : String.valueOf(v.value());
                    continue;
                }
                OpcUaStationMapping.NodeMapping node = byNode.get(v.node());
                readings.add(new NodeReading(node.parameter(), node.unit(), v.value(), v.sourceTime(), v.badStatus(),
                        v.node()));
            }
            if (readings.isEmpty()) {
                return;
            }
            byte[] raw = payload.toString().getBytes(StandardCharsets.UTF_8);
            context.executeBlocking(() -> ingestor.ingestMapped(mapper.map(mapping.station(), readings, status,
                    mapping.endpoint()), PayloadFormat.OPCUA, raw, mapping.endpoint()), true)
                    .onFailure(e -> LOG.error("[station: {}] OPC UA values not ingested", mapping.station(), e));
        }

        @Override
        public void onConnected() {
            LOG.info("[station: {}] OPC UA session up [endpoint: {}]", mapping.station(), mapping.endpoint());
            ingestor.stationEvent(mapping.station(), StationEvent.Kind.CONNECTED, "OPC UA session to "
                    + mapping.endpoint() + " up");
        }

        @Override
        public void onDisconnected(String why) {
            LOG.warn("[station: {}] {}", mapping.station(), why);
            ingestor.stationEvent(mapping.station(), StationEvent.Kind.DISCONNECTED, why);
        }
    }
}
