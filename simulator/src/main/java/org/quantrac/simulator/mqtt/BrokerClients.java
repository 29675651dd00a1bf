package org.quantrac.simulator.mqtt;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.quantrac.simulator.mqtt.BrokerClient.ClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the {@link BrokerClient}s of one publisher with the configured library, and owns what they share: for
 * Vert.x, one Vert.x instance for every connection (created with the first one, closed with the publisher), whose
 * event loops take the connections in turn.
 */
final class BrokerClients implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerClients.class);
    /** Event loops of the simulator's own Vert.x: a load generator should not take more cores than it has. */
    private static final int EVENT_LOOPS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

    private final MqttClientLibrary library;
    private Vertx vertx;
    private final List<Context> eventLoops = new ArrayList<>();
    private int next;
    private boolean closed;

    /** Holds one event loop: Vert.x gives each deployment the next loop, and a caller outside it always the same. */
    private static final class EventLoop extends VerticleBase {
        private final String name;

        EventLoop(String name) {
            this.name = name;
        }

        @Override
        public Future<?> start() {
            // Named like the simulator's other threads, so that a per-thread CPU profile of a run with the pipeline
            // in the same JVM tells them from the connectors' event loops.
            Thread.currentThread().setName(name);
            return Future.succeededFuture();
        }

        Context context() {
            return context;
        }
    }

    BrokerClients(MqttClientLibrary library) {
        this.library = library;
    }

    BrokerClient create(LinkSettings settings) throws ClientException {
        if (library == MqttClientLibrary.VERTX) {
            return new VertxClient(vertx(), nextEventLoop(), settings.serverUri(), settings.clientId(),
                    settings.protocol());
        }
        return settings.protocol() == MqttProtocol.V3_1_1 ? new PahoV3Client(settings.serverUri(), settings.clientId())
                : new PahoV5Client(settings.serverUri(), settings.clientId());
    }

    private synchronized Vertx vertx() throws ClientException {
        if (closed) {
            throw new ClientException(ClientException.CLIENT_CLOSED, "the MQTT publisher is closed", null);
        }
        if (vertx == null) {
            vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(EVENT_LOOPS));
            for (int i = 0; i < EVENT_LOOPS; i++) {
                EventLoop loop = new EventLoop("simulator-mqtt-eventloop-" + i);
                try {
                    vertx.deployVerticle(loop).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ClientException(ClientException.CLIENT_CLOSED, "interrupted while starting Vert.x", e);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot start the simulator's Vert.x event loops: " + e, e);
                }
                eventLoops.add(loop.context());
            }
        }
        return vertx;
    }

    private synchronized Context nextEventLoop() {
        return eventLoops.get(next++ % eventLoops.size());
    }

    /** Closes the shared Vert.x instance, if any, after the clients (their connections) are closed. */
    @Override
    public void close() {
        Vertx v;
        synchronized (this) {
            closed = true;
            v = vertx;
            vertx = null;
            eventLoops.clear();
        }
        if (v == null) {
            return;
        }
        try {
            v.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("closing the simulator's Vert.x instance: {}", e.toString());
        }
    }
}
