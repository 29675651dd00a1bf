package org.quantrac.portal.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.quantrac.portal.query.BadRequest;
import org.quantrac.portal.query.NotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a handler's database work on the portal's worker pool (JDBC blocks) and writes its answer: strong ETag over the
 * body with {@code If-None-Match} → 304, Cache-Control, and errors as JSON problems — 400 and 404 with the message that
 * tells the client what to change, 500 with an id to quote (the details are logged, not shown).
 */
public final class Responder {

    private static final Logger LOG = LoggerFactory.getLogger(Responder.class);

    private final WorkerExecutor workers;
    private final AtomicLong errorIds = new AtomicLong();

    public Responder(WorkerExecutor workers) {
        this.workers = workers;
    }

    /** Unordered: requests of one event loop must not wait for each other's queries. */
    public void respond(RoutingContext ctx, Callable<ApiResponse> work) {
        workers.executeBlocking(work, false).onComplete(ar -> {
            if (ar.succeeded()) {
                send(ctx, ar.result());
            } else {
                fail(ctx, ar.cause());
            }
        });
    }

    public void send(RoutingContext ctx, ApiResponse r) {
        HttpServerResponse resp = ctx.response();
        if (resp.ended() || resp.closed()) {
            return;
        }
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            resp.putHeader(h.getKey(), h.getValue());
        }
        if (r.status() == 200) {
            String etag = etag(r.body());
            resp.putHeader("ETag", etag);
            resp.putHeader("Cache-Control", r.maxAgeSeconds() > 0 ? "public, max-age=" + r.maxAgeSeconds()
                    : "no-cache");
            String inm = ctx.request().getHeader("If-None-Match");
            if (inm != null && (inm.equals(etag) || inm.equals("W/" + etag) || inm.trim().equals("*"))) {
                resp.setStatusCode(304).end();
                return;
            }
        }
        resp.setStatusCode(r.status()).putHeader("Content-Type", r.contentType())
                .end(io.vertx.core.buffer.Buffer.buffer(r.body()));
    }

    public void fail(RoutingContext ctx, Throwable cause) {
        if (cause instanceof BadRequest) {
            send(ctx, problem(400, "Bad Request", cause.getMessage()));
        } else if (cause instanceof NotFound) {
            send(ctx, problem(404, "Not Found", cause.getMessage()));
        } else {
            long id = errorIds.incrementAndGet();
            LOG.error("request {} {} failed (error id {})", ctx.request().method(), ctx.request().uri(), id, cause);
            send(ctx, problem(500, "Internal Server Error", "the server could not answer; quote error id " + id
                    + " when reporting it"));
        }
    }

    /** An RFC 9457 problem document. */
    public static ApiResponse problem(int status, String title, String detail) {
        String body = Json.object(g -> {
            g.writeStringField("type", "about:blank");
            g.writeStringField("title", title);
            g.writeNumberField("status", status);
            g.writeStringField("detail", detail);
        });
        return ApiResponse.text(status, "application/problem+json; charset=utf-8", body);
    }

    static String etag(byte[] body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 27) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
