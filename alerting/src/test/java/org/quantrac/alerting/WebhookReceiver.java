package org.quantrac.alerting;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.quantrac.alerting.notify.WebhookSender;

/**
 * A real HTTP webhook receiver for tests: answers 500 to the first {@code failures} attempts of each idempotency key
 * and 200 afterwards, and checks every request's HMAC-SHA256 signature.
 */
final class WebhookReceiver implements AutoCloseable {

    /** A delivery the receiver accepted (answered 200). */
    record Delivery(String key, JsonObject body) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final List<Delivery> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger badSignatures = new AtomicInteger();

    WebhookReceiver(String secret, int failures) throws Exception {
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(buf -> {
            String key = req.getHeader(WebhookSender.IDEMPOTENCY_HEADER);
            String signature = req.getHeader(WebhookSender.SIGNATURE_HEADER);
            if (key == null || !("sha256=" + WebhookSender.sign(secret, buf.getBytes())).equals(signature)) {
                badSignatures.incrementAndGet();
                req.response().setStatusCode(400).end();
                return;
            }
            int n = attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            if (n <= failures) {
                req.response().setStatusCode(500).end("try again");
                return;
            }
            accepted.add(new Delivery(key, buf.toJsonObject())); // every accepted request: a repeat would show
            req.response().setStatusCode(200).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/hook";
    }

    List<Delivery> accepted() {
        return accepted;
    }

    /** Requests per idempotency key, failed ones included. */
    Map<String, Integer> attempts() {
        Map<String, Integer> out = new ConcurrentHashMap<>();
        attempts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    int badSignatures() {
        return badSignatures.get();
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
