package org.quantrac.core.ops;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The operations endpoints every role serves: {@code /metrics} (Prometheus), {@code /health/live} and
 * {@code /health/ready}. Ready means every named check passes (e.g. "kafka", "mqtt", "database"); the response lists
 * each check so an operator sees which connection is down.
 */
public final class OpsServer implements AutoCloseable {

    private final HttpServer server;

    private OpsServer(HttpServer server) {
        this.server = server;
    }

    /** A registry for one role. */
    public static PrometheusMeterRegistry newRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /**
     * Starts the server and returns once it listens. Port 0 picks a free port ({@link #port()}).
     *
     * @param readiness named checks, evaluated on every {@code /health/ready} request; keep them cheap
     */
    public static OpsServer start(Vertx vertx, String host, int port, PrometheusMeterRegistry registry,
                                  Map<String, BooleanSupplier> readiness) {
        Map<String, BooleanSupplier> checks = new LinkedHashMap<>(readiness);
        Router router = Router.router(vertx);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape()));
        router.get("/health/live").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json").end("{\"status\":\"UP\"}"));
        router.get("/health/ready").handler(ctx -> {
            StringBuilder body = new StringBuilder("{\"checks\":{");
            boolean allUp = true;
            boolean first = true;
            for (Map.Entry<String, BooleanSupplier> e : checks.entrySet()) {
                boolean up;
                try {
                    up = e.getValue().getAsBoolean();
                } catch (RuntimeException ex) {
                    up = false;
                }
                allUp &= up;
                body.append(first ? "" : ",").append('"').append(e.getKey()).append("\":\"")
                        .append(up ? "UP" : "DOWN").append('"');
                first = false;
            }
            body.append("},\"status\":\"").append(allUp ? "UP" : "DOWN").append("\"}");
            ctx.response().setStatusCode(allUp ? 200 : 503)
                    .putHeader("Content-Type", "application/json").end(body.toString());
        });
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(port, host)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return new OpsServer(server);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the operations server", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port
                    + " for /metrics and /health (is the port in use? set another one in the configuration)", e);
        }
    }

    public int port() {
        return server.actualPort();
    }

    /** Idempotent. */
    @Override
    public void close() {
        server.close();
    }
}
