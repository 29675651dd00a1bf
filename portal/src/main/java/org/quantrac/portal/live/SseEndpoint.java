package org.quantrac.portal.live;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import java.util.function.Supplier;
import java.util.Collection;

/**
 * {@code GET /live/stream}: Server-Sent Events for dashboards. A new client first gets one {@code observation} event
 * per station from the feed's snapshot, then every new observation as it leaves Kafka; a comment every 15 s keeps
 * proxies from closing an idle stream. The browser's EventSource reconnects by itself.
 */
public final class SseEndpoint {

    private static final long HEARTBEAT_MS = 15_000;

    private SseEndpoint() {
    }

    public static void register(Router router, Vertx vertx, Supplier<Collection<String>> snapshot) {
        router.get("/live/stream").handler(ctx -> {
            HttpServerResponse resp = ctx.response();
            resp.setChunked(true)
                    .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                    .putHeader("Cache-Control", "no-cache")
                    .putHeader("X-Accel-Buffering", "no");
            resp.write("retry: 3000\n\n");
            for (String json : snapshot.get()) {
                resp.write("event: observation\ndata: " + json + "\n\n");
            }
            MessageConsumer<String> consumer = vertx.eventBus().consumer(LiveFeed.ADDRESS, msg -> {
                // A slow client is dropped rather than buffered without bound.
                if (resp.writeQueueFull()) {
                    resp.reset();
                    return;
                }
                resp.write("event: observation\ndata: " + msg.body() + "\n\n");
            });
            long timer = vertx.setPeriodic(HEARTBEAT_MS, id -> resp.write(": keep-alive\n\n"));
            resp.closeHandler(v -> {
                consumer.unregister();
                vertx.cancelTimer(timer);
            });
        });
    }
}
