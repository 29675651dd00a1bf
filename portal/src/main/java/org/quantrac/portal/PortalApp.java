package org.quantrac.portal;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.quantrac.core.db.Database;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.portal.api.ApiContext;
import org.quantrac.portal.api.OpenDataApi;
import org.quantrac.portal.api.RateLimiter;
import org.quantrac.portal.api.Responder;
import org.quantrac.portal.auth.Accounts;
import org.quantrac.portal.auth.AuthRoutes;
import org.quantrac.portal.auth.Sessions;
import org.quantrac.portal.config.PortalConfig;
import org.quantrac.portal.live.LiveFeed;
import org.quantrac.portal.live.SseEndpoint;
import org.quantrac.portal.query.SchemaFeatures;
import org.quantrac.portal.query.SeriesQueries;
import org.quantrac.portal.query.StatusQueries;
import org.quantrac.portal.sta.SensorThingsApi;
import org.quantrac.portal.tech.TechnicianApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal role, wired from its configuration: database pool, queries, the HTTP server with the open-data API,
 * SensorThings, the dashboard and its live feed from Kafka, the technician view, and the operations server.
 * {@link #start} returns once the server listens; {@link #close} is idempotent.
 *
 * <p>The portal reads the schema other roles migrate; it does not migrate it itself (a read-only database account is
 * enough), and uses the processor's and alerting's tables when they exist.
 */
public final class PortalApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PortalApp.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final HikariDataSource dataSource;
    private final HttpServer server;
    private final LiveFeed live;
    private final OpsServer ops;
    private final Router router;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PortalApp(Vertx vertx, HikariDataSource dataSource, HttpServer server, LiveFeed live, OpsServer ops,
                      Router router) {
        this.router = router;
        this.vertx = vertx;
        this.dataSource = dataSource;
        this.server = server;
        this.live = live;
        this.ops = ops;
    }

    public static PortalApp start(PortalConfig config, StationCatalog catalog, PrometheusMeterRegistry registry) {
        return start(config, catalog, registry, Clock.systemUTC());
    }

    static PortalApp start(PortalConfig config, StationCatalog catalog, PrometheusMeterRegistry registry,
                           Clock clock) {
        Accounts accounts = Accounts.parse(config.auth().users());
        Vertx vertx = Vertx.vertx();
        HikariDataSource ds = null;
        LiveFeed live = null;
        try {
            ds = Database.pool(config.db(), "portal");
            WorkerExecutor workers = vertx.createSharedWorkerExecutor("portal-db", config.db().poolSize() * 2);
            SchemaFeatures features = new SchemaFeatures(ds);
            ApiContext api = new ApiContext(config, catalog, new SeriesQueries(ds, features),
                    new StatusQueries(ds, features), new Responder(workers), clock);
            if (config.liveEnabled()) {
                live = new LiveFeed(vertx, catalog, config.kafka().bootstrapServers(),
                        config.kafka().clientIdPrefix() + "-portal-live", config.liveTopic(), config.dlqTopic(),
                        config.defaultZone(),
                        clock);
                live.start();
            }
            Sessions sessions = new Sessions(config.auth().sessionTimeout(), clock);
            vertx.setPeriodic(60_000, id -> sessions.purge());
            Router router = router(vertx, config, api, live, new AuthRoutes(accounts, sessions, workers,
                    config.auth().secureCookie()), ds);
            metrics(router, registry, live);
            HttpServer server = vertx.createHttpServer().requestHandler(router)
                    .listen(config.port(), config.host())
                    .toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            HikariDataSource pool = ds;
            LiveFeed feed = live;
            Map<String, BooleanSupplier> readiness = new LinkedHashMap<>();
            readiness.put("database", () -> ping(pool));
            if (feed != null) {
                readiness.put("kafka", feed::running);
            }
            OpsServer ops;
            try {
                ops = OpsServer.start(vertx, config.opsHost(), config.opsPort(), registry, readiness);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            LOG.info("Portal started [http: {}:{}] [ops: {}:{}] [stations: {}] [live: {}] [accounts: {}]",
                    config.host(), server.actualPort(), config.opsHost(), ops.port(), catalog.size(),
                    live == null ? "off" : config.liveTopic(), accounts.size());
            return new PortalApp(vertx, ds, server, live, ops, router);
        } catch (Exception e) {
            if (live != null) {
                live.close();
            }
            if (ds != null) {
                ds.close();
            }
            vertx.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("portal could not listen on " + config.host() + ":" + config.port()
                    + " (is the port in use? set portal.port)", e);
        }
    }

    private static Router router(Vertx vertx, PortalConfig config, ApiContext api, LiveFeed live, AuthRoutes auth,
                                 javax.sql.DataSource dataSource) {
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            ctx.response().putHeader("X-Content-Type-Options", "nosniff");
            ctx.next();
        });
        CorsHandler cors = CorsHandler.create()
                .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.OPTIONS))
                .allowedHeaders(Set.of("Accept", "If-None-Match"))
                .exposedHeaders(Set.of("ETag", "Link", "Retry-After", "Content-Type"))
                .maxAgeSeconds(86_400);
        router.route("/api/*").handler(cors);
        router.route("/sta/*").handler(cors);
        if (config.rateLimit().enabled()) {
            RateLimiter limiter = new RateLimiter(config.rateLimit(), System::nanoTime);
            router.route("/api/*").handler(limiter);
            router.route("/sta/*").handler(limiter);
        }
        // Logins cost a PBKDF2 derivation each: a tight per-client budget stops password guessing and CPU exhaustion.
        router.post("/auth/login").handler(new RateLimiter(new PortalConfig.RateLimitConfig(true, 10, 10,
                config.rateLimit().trustForwardedFor()), System::nanoTime));
        new OpenDataApi(api).register(router);
        new SensorThingsApi(api, new org.quantrac.portal.sta.StaObservations(dataSource)).register(router);
        auth.register(router);
        new TechnicianApi(api, live, new org.quantrac.portal.query.StationTimeline(dataSource)).register(router, auth);
        SseEndpoint.register(router, vertx, () -> live == null ? java.util.List.of() : live.snapshot());
        router.route("/*").handler(StaticHandler.create("org/quantrac/portal/web")
                .setIndexPage("index.html").setMaxAgeSeconds(300));
        return router;
    }

    /**
     * Request durations by route pattern and status ({@code quantrac_portal_requests_seconds}), observations
     * received by the live feed. Route patterns, not paths, so station codes do not multiply the series.
     */
    private static void metrics(Router router, PrometheusMeterRegistry registry, LiveFeed live) {
        router.route().order(-1).handler(ctx -> {
            long t0 = System.nanoTime();
            ctx.addEndHandler(v -> {
                io.vertx.ext.web.Route r = ctx.currentRoute();
                String route = r == null ? "none" : r.getPath() != null ? r.getPath() : "regex";
                io.micrometer.core.instrument.Timer.builder("quantrac.portal.requests")
                        .tag("route", route).tag("status", Integer.toString(ctx.response().getStatusCode()))
                        .register(registry).record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            });
            ctx.next();
        });
        if (live != null) {
            io.micrometer.core.instrument.FunctionCounter.builder("quantrac.portal.live.observations", live,
                    LiveFeed::received).register(registry);
        }
    }

    private static boolean ping(HikariDataSource ds) {
        try (Connection c = ds.getConnection()) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }

    public int port() {
        return server.actualPort();
    }

    /** {@code METHOD path} of every route with a fixed method and path, e.g. {@code GET /api/v1/stations/:code}. */
    public java.util.List<String> routes() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (io.vertx.ext.web.Route r : router.getRoutes()) {
            if (r.getPath() != null && r.methods() != null && !r.methods().isEmpty()) {
                for (HttpMethod m : r.methods()) {
                    out.add(m.name() + " " + r.getPath());
                }
            }
        }
        return out;
    }

    public int opsPort() {
        return ops.port();
    }

    /** The live feed, or null when disabled. */
    public LiveFeed live() {
        return live;
    }

    /** Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("HTTP server did not close cleanly: {}", e.toString());
        }
        ops.close();
        if (live != null) {
            live.close();
        }
        dataSource.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Vert.x did not close cleanly: {}", e.toString());
        }
        LOG.info("Portal stopped");
    }
}
