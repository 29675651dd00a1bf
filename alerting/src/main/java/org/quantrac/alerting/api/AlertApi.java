package org.quantrac.alerting.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.quantrac.alerting.config.ApiConfig;
import org.quantrac.alerting.lifecycle.Alert;
import org.quantrac.alerting.lifecycle.AlertEvent;
import org.quantrac.alerting.lifecycle.AlertQueries;
import org.quantrac.alerting.lifecycle.AlertStore;
import org.quantrac.alerting.rules.LiveRules;
import org.quantrac.core.station.StationCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API under {@code /api/v1}: list, acknowledge and resolve alerts; read rules, set per-station overrides
 * and declare maintenance ({@link RuleRoutes}). Every request needs {@code Authorization: Bearer
 * <alerting.api.token>}. Database work runs on worker threads, never on the event loop.
 */
public final class AlertApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertApi.class);
    private static final int MAX_LIMIT = 1000;

    private final Vertx vertx;
    private final AlertQueries queries;
    private final AlertStore store;
    private final Consumer<AlertEvent> changed;
    private final Clock clock;
    private final AlertJson json;
    private final byte[] token;
    private HttpServer server;

    private AlertApi(Vertx vertx, ApiConfig config, AlertQueries queries, AlertStore store,
                     StationCatalog catalog, Consumer<AlertEvent> changed, Clock clock) {
        this.vertx = vertx;
        this.queries = queries;
        this.store = store;
        this.changed = changed;
        this.clock = clock;
        this.json = new AlertJson(catalog);
        this.token = ("Bearer " + config.token()).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Starts the API and returns once it listens.
     *
     * @param changed told about every manual change after it is stored (publication, notifications, evaluator)
     */
    public static AlertApi start(Vertx vertx, ApiConfig config, AlertQueries queries, AlertStore store,
                                 LiveRules rules, StationCatalog catalog, Consumer<AlertEvent> changed, Clock clock) {
        AlertApi api = new AlertApi(vertx, config, queries, store, catalog, changed, clock);
        Router router = Router.router(vertx);
        router.route("/api/*").handler(api::authenticate);
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(64 * 1024));
        router.get("/api/v1/alerts").handler(api::list);
        router.get("/api/v1/alerts/:id").handler(api::one);
        router.post("/api/v1/alerts/:id/acknowledge").handler(ctx -> api.change(ctx, true));
        router.post("/api/v1/alerts/:id/resolve").handler(ctx -> api.change(ctx, false));
        new RuleRoutes(vertx, rules, catalog, api.json).register(router);
        try {
            api.server = vertx.createHttpServer().requestHandler(router).listen(config.port(), config.host())
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the alerting API", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port()
                    + " for the alerting API (is the port in use? set alerting.api.port)", e);
        }
        return api;
    }

    public int port() {
        return server.actualPort();
    }

    private void authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token)) { // constant time: no timing oracle on the token
            Replies.error(ctx, 401, "missing or wrong bearer token");
            return;
        }
        ctx.next();
    }

    private void list(RoutingContext ctx) {
        AlertQueries.Filter filter;
        int limit;
        try {
            String state = ctx.queryParam("state").stream().findFirst().orElse("unresolved");
            filter = AlertQueries.Filter.valueOf(state.toUpperCase(Locale.ROOT));
            limit = Integer.parseInt(ctx.queryParam("limit").stream().findFirst().orElse("100"));
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit");
            }
        } catch (IllegalArgumentException e) {
            Replies.error(ctx, 400, "state must be unresolved, resolved or all; limit from 1 to " + MAX_LIMIT);
            return;
        }
        Optional<String> station = ctx.queryParam("station").stream().findFirst();
        Replies.blocking(vertx, ctx, 200, () -> {
            JsonArray out = new JsonArray();
            queries.list(filter, station, limit).forEach(a -> out.add(json.alert(a)));
            return new JsonObject().put("alerts", out);
        });
    }

    private void one(RoutingContext ctx) {
        Optional<Long> id = Replies.id(ctx, "id");
        if (id.isEmpty()) {
            return;
        }
        Replies.blocking(vertx, ctx, 200, () -> {
            Optional<Alert> a = queries.find(id.get());
            if (a.isEmpty()) {
                return null;
            }
            JsonArray events = new JsonArray();
            queries.events(id.get()).forEach(e -> events.add(json.event(e)));
            return json.alert(a.get()).put("events", events);
        });
    }

    private void change(RoutingContext ctx, boolean acknowledge) {
        Optional<Long> id = Replies.id(ctx, "id");
        JsonObject body = id.isEmpty() ? null : Replies.body(ctx);
        String by = body == null ? null : Replies.by(ctx, body, acknowledge ? "acknowledges it" : "resolves it");
        if (by == null) {
            return;
        }
        String comment = body.getString("comment");
        vertx.executeBlocking(() -> {
            Optional<AlertEvent> e = acknowledge ? store.acknowledge(id.get(), by, comment, clock.instant())
                    : store.resolve(id.get(), by, comment, clock.instant());
            e.ifPresent(changed);
            if (e.isPresent()) {
                return new Outcome(200, queries.find(id.get()).orElse(e.get().alert()));
            }
            return new Outcome(queries.find(id.get()).isPresent() ? 409 : 404, null);
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                Replies.fail(ctx, ar.cause());
            } else if (ar.result().status() == 404) {
                Replies.error(ctx, 404, "no alert " + id.get());
            } else if (ar.result().status() == 409) {
                Replies.error(ctx, 409, "alert " + id.get() + " is not in a state that can be "
                        + (acknowledge ? "acknowledged (only OPEN can)" : "resolved (it is already RESOLVED)"));
            } else {
                LOG.debug("Alert {} by hand [station: {}] [alert: {}] [by: {}]",
                        acknowledge ? "acknowledged" : "resolved", ar.result().alert().stationCode(), id.get(), by);
                ctx.json(json.alert(ar.result().alert()));
            }
        });
    }

    private record Outcome(int status, Alert alert) {
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
    }
}
