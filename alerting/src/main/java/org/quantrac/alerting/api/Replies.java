package org.quantrac.alerting.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the API answers: JSON bodies, {@code {"error": …}} for errors, database work on worker threads. */
final class Replies {

    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    private Replies() {
    }

    /** Runs database work on a worker (never the event loop); a null result answers 404. */
    static void blocking(Vertx vertx, RoutingContext ctx, int status, Callable<JsonObject> work) {
        vertx.executeBlocking(work, false).onComplete(ar -> {
            if (ar.failed()) {
                fail(ctx, ar.cause());
            } else if (ar.result() == null) {
                error(ctx, 404, "not found");
            } else {
                ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                        .end(ar.result().encode());
            }
        });
    }

    /** The path's station, or empty after answering 404. */
    static Optional<Station> station(StationCatalog catalog, RoutingContext ctx) {
        Optional<Station> s = catalog.byCode(ctx.pathParam("code"));
        if (s.isEmpty()) {
            error(ctx, 404, "no station " + ctx.pathParam("code"));
        }
        return s;
    }

    /** A numeric path parameter, or empty after answering 400. */
    static Optional<Long> id(RoutingContext ctx, String name) {
        try {
            return Optional.of(Long.parseLong(ctx.pathParam(name)));
        } catch (NumberFormatException e) {
            error(ctx, 400, name + " must be a number");
            return Optional.empty();
        }
    }

    /** The JSON object body, or null after answering 400. */
    static JsonObject body(RoutingContext ctx) {
        try {
            JsonObject o = ctx.body().asJsonObject();
            if (o == null) {
                error(ctx, 400, "a JSON object body is required");
            }
            return o;
        } catch (DecodeException | ClassCastException e) {
            error(ctx, 400, "the body is not a JSON object: " + e.getMessage());
            return null;
        }
    }

    /** The body's non-blank {@code by} (who acts), or null after answering 400. */
    static String by(RoutingContext ctx, JsonObject body, String what) {
        String by = body.getString("by");
        if (by == null || by.isBlank()) {
            error(ctx, 400, "the body needs \"by\": who " + what);
            return null;
        }
        return by;
    }

    static void fail(RoutingContext ctx, Throwable cause) {
        LOG.warn("Alerting API request failed [path: {}]: {}", ctx.request().path(), cause.toString());
        error(ctx, 500, "internal error: " + cause.getMessage());
    }

    static void error(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", message).encode());
    }
}
